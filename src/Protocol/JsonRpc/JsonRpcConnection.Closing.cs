namespace Wasmbox.Protocol.JsonRpc;

public sealed partial class JsonRpcConnection
{
    /// <summary>
    /// Closes once reading has stopped: fails our pending requests, lets (or, unless draining, stops)
    /// running handlers, then completes the pipes and releases the stream.
    /// </summary>
    private async Task StopAsync(bool drain)
    {
        ConnectionLostException reason = _closeReason ??= _stopReason ?? new ConnectionLostException("The connection was disposed");
        foreach (long id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out PendingRequest? pending))
                pending.Fail(new ConnectionLostException(reason.Message, reason.InnerException));
        }

        if (drain)
        {
            try
            {
                Task drained = _inFlight.WhenDrained();
                // A socket peer that closed altogether (not just its sending side) can read no
                // answer: stop waiting then, which cancels the handlers (and whatever they run)
                // rather than letting them finish for nobody.
                if (!drained.IsCompleted && _socketStream is not null)
                    drained = Task.WhenAny(drained, _socketStream.WaitForHangUpAsync());
                await drained.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Disposed (or a write failed) while handlers were still answering.
            }
        }

        foreach (CancellationTokenSource cancellation in _running.Values)
        {
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // That request finished meanwhile.
            }
        }

        await _writer.CompleteAsync().ConfigureAwait(false);
        await _input.CompleteAsync().ConfigureAwait(false);
        if (_ownedStream is not null)
            await _ownedStream.DisposeAsync().ConfigureAwait(false);
        _completion.TrySetResult();
    }
}
