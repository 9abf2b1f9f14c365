namespace Wasmbox.Protocol.JsonRpc;

public sealed partial class JsonRpcConnection
{
    /// <summary>
    /// Calls <paramref name="method"/> on the peer and waits for its result, for at most the options'
    /// <see cref="JsonRpcConnectionOptions.DefaultRequestTimeout"/>.
    /// </summary>
    /// <exception cref="RemoteRpcException">The peer answered with an error.</exception>
    /// <exception cref="ConnectionLostException">The connection closed before the response came.</exception>
    /// <exception cref="OperationCanceledException">Cancelled here; the peer was sent $/cancelRequest.</exception>
    /// <exception cref="TimeoutException">No response in time; the peer was sent $/cancelRequest.</exception>
    /// <exception cref="ArgumentException">The request would be larger than <see cref="JsonRpcConnectionOptions.MaxMessageSize"/>.</exception>
    public Task<TResult> InvokeAsync<TParams, TResult>(RpcMethod<TParams, TResult> method, TParams parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync(method, parameters, _options.DefaultRequestTimeout, cancellationToken);

    /// <summary>Calls <paramref name="method"/> on the peer, waiting at most <paramref name="timeout"/> (null: forever).</summary>
    public async Task<TResult> InvokeAsync<TParams, TResult>(
        RpcMethod<TParams, TResult> method, TParams parameters, TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        cancellationToken.ThrowIfCancellationRequested();
        if (_closeReason is not null)
            throw ConnectionLost();

        long id = Interlocked.Increment(ref _lastRequestId);
        PooledBufferWriter request = CheckSize(MessageSerializer.Request(id, method.Name, parameters, method.ParamsType), method.Name);
        var pending = new PendingRequest<TResult>(method.Name, method.ResultType);
        _pending[id] = pending;

        // Closing fails everything in _pending after setting _closeReason; checking again after adding
        // means a request racing with the close is failed by one side or the other, never neither.
        if (_closeReason is not null && _pending.TryRemove(id, out _))
        {
            request.Dispose();
            throw ConnectionLost();
        }
        if (!await _writer.WriteAsync(request).ConfigureAwait(false) && _pending.TryRemove(id, out _))
            throw ConnectionLost();

        try
        {
            return await pending.Task.WaitAsync(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!pending.Task.IsCompleted)
        {
            Abandon(id);
            throw new TimeoutException($"No response to '{method.Name}' (request {id}) within {timeout}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !pending.Task.IsCompleted)
        {
            Abandon(id);
            throw;
        }
    }

    /// <summary>Sends a notification. Still possible after the peer stopped sending, as long as it reads.</summary>
    /// <exception cref="ConnectionLostException">The connection can no longer write.</exception>
    public async Task NotifyAsync<TParams>(RpcNotification<TParams> notification, TParams parameters)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_writer.IsClosed)
            throw ConnectionLost();
        PooledBufferWriter message = CheckSize(MessageSerializer.Notification(notification.Name, parameters, notification.ParamsType), notification.Name);
        if (!await _writer.WriteAsync(message).ConfigureAwait(false))
            throw ConnectionLost();
    }

    /// <summary>Refuses to send what the peer would refuse to read (and close the connection over).</summary>
    private PooledBufferWriter CheckSize(PooledBufferWriter message, string method)
    {
        if (message.WrittenCount <= _options.MaxMessageSize)
            return message;
        int size = message.WrittenCount;
        message.Dispose();
        throw new ArgumentException($"The '{method}' message is {size} bytes, over the maximum message size of {_options.MaxMessageSize} bytes", "parameters");
    }

    /// <summary>We stopped waiting: forget the request (a late response is ignored) and tell the peer to stop working on it.</summary>
    private void Abandon(long id)
    {
        if (_pending.TryRemove(id, out _))
            _ = _writer.WriteAsync(MessageSerializer.CancelRequest(id));
    }
}
