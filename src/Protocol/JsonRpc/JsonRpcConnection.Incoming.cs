using System.Text.Json;

namespace Wasmbox.Protocol.JsonRpc;

public sealed partial class JsonRpcConnection
{
    private async Task DispatchRequestAsync(IncomingMessage message, BatchResponse? batch)
    {
        if (!_handlers.TryGetValue(message.Method!, out MethodRegistration? registration) || !registration.AnswersRequests)
        {
            await SendAsync(MessageSerializer.Error(message.Id, JsonRpcErrorCodes.MethodNotFound, $"Method not found: '{message.Method}'"), batch)
                .ConfigureAwait(false);
            return;
        }

        // Waits while the peer leaves too much of our output unread or too many of its requests run;
        // answers to our own requests (read by this same loop) never wait.
        await _admission.WaitAsync(_stop.Token).ConfigureAwait(false);

        PreparedCall call;
        try
        {
            call = registration.Prepare(message.Params);
        }
        catch (InvalidParamsException exception)
        {
            await SendAsync(MessageSerializer.Error(message.Id, exception.Code, exception.Message), batch).ConfigureAwait(false);
            return;
        }

        // A second request reusing an id still in flight is served, but only the first can be cancelled.
        var cancellation = new CancellationTokenSource();
        bool cancellable = _running.TryAdd(message.Id, cancellation);
        batch?.Expect();
        _inFlight.Enter();
        JsonRpcId id = message.Id;
        if (_options.StartHandlersOnReadingLoop)
            _ = RunRequestAsync(call, id, cancellation, cancellable, batch);
        else
            _ = Task.Run(() => RunRequestAsync(call, id, cancellation, cancellable, batch));
    }

    private async Task RunRequestAsync(PreparedCall call, JsonRpcId id, CancellationTokenSource cancellation, bool cancellable, BatchResponse? batch)
    {
        try
        {
            PooledBufferWriter response;
            try
            {
                response = await call.RespondAsync(id, cancellation.Token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                if (exception is not (JsonRpcException or OperationCanceledException))
                    Trace($"request {id} failed: {exception}");
                response = HandlerFailures.ToResponse(exception, id, cancellation.Token);
            }
            finally
            {
                if (cancellable)
                    _running.TryRemove(KeyValuePair.Create(id, cancellation));
                cancellation.Dispose();
            }

            // The peer would refuse it (and close the connection): say why instead.
            if (response.WrittenCount > _options.MaxMessageSize)
            {
                string problem = $"Internal error: the response is {response.WrittenCount} bytes, over the maximum message size of {_options.MaxMessageSize} bytes";
                response.Dispose();
                response = MessageSerializer.Error(id, JsonRpcErrorCodes.InternalError, problem);
            }

            if (batch is null)
                await _writer.WriteAsync(response).ConfigureAwait(false);
            else
                await batch.CompleteOneAsync(response).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Exit();
        }
    }

    private async Task DispatchNotificationAsync(IncomingMessage message)
    {
        if (message.Method == CancelRequestMethod)
        {
            CancelIncoming(message.Params);
            return;
        }

        if (!_handlers.TryGetValue(message.Method!, out MethodRegistration? registration))
        {
            // "$/" notifications are optional by LSP's rules; others have nobody to complain to.
            Trace($"ignored notification '{message.Method}': no handler");
            return;
        }

        PreparedCall call;
        try
        {
            call = registration.Prepare(message.Params);
        }
        catch (InvalidParamsException exception)
        {
            Trace($"ignored notification: {exception.Message}");
            return;
        }

        if (registration.AnswersRequests)
        {
            // A request method called as a notification may run long (or call back): run it like a request.
            await _admission.WaitAsync(_stop.Token).ConfigureAwait(false);
            _inFlight.Enter();
            _ = Task.Run(() => RunNotificationAsync(call, message.Method!));
            return;
        }

        try
        {
            await call.RunAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            Trace($"notification handler for '{message.Method}' failed: {exception}");
        }
    }

    private async Task RunNotificationAsync(PreparedCall call, string method)
    {
        try
        {
            await call.RunAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Trace($"'{method}' called as a notification failed: {exception}");
        }
        finally
        {
            _inFlight.Exit();
        }
    }

    /// <summary>$/cancelRequest {id}: cancels that request's token; unknown or finished ids are ignored.</summary>
    private void CancelIncoming(JsonElement? parameters)
    {
        if (parameters is not { ValueKind: JsonValueKind.Object } p
            || !p.TryGetProperty("id"u8, out JsonElement idElement)
            || !JsonRpcId.TryRead(idElement, out JsonRpcId id)
            || !_running.TryGetValue(id, out CancellationTokenSource? cancellation))
        {
            return;
        }

        // Off the reading loop: cancellation callbacks belong to the handler and may take their time.
        ThreadPool.UnsafeQueueUserWorkItem(static cancellation =>
        {
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The request finished meanwhile.
            }
        }, cancellation, preferLocal: false);
    }

    private void CompleteOutgoing(IncomingMessage message)
    {
        if (!message.Id.TryGetInteger(out long id) || !_pending.TryRemove(id, out PendingRequest? pending))
        {
            // An error with a null id concerns the connection itself (a refusal, an unreadable
            // message); if the peer then closes, that is why, and the pending calls should say so.
            if (message.Id.IsNull && message.Error is { } connectionError)
                _peerConnectionError = new RemoteRpcException("", connectionError.Code, connectionError.Message, connectionError.Data);
            Trace(message.Error is { } error
                ? $"error response for no request of ours (id {message.Id}): {error.Code} {error.Message}"
                : $"ignored a response for no request of ours (id {message.Id})");
            return;
        }

        if (message.Problem is not null)
            pending.Fail(new JsonRpcProtocolException($"The peer sent {message.Problem}"));
        else if (message.Error is { } error)
            pending.Fail(new RemoteRpcException(pending.Method, error.Code, error.Message, error.Data));
        else
            pending.Complete(message.Result);
    }
}
