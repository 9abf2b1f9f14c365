using System.IO.Pipelines;
using Wasmbox.Protocol.Framing;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// The connection's only way out: frames one serialized message at a time under a lock, so frames
/// from concurrent handlers never interleave. A failed write closes it and is reported once. Every
/// message counts as unsent output from the call until the stream has taken it, for
/// <see cref="RequestAdmission"/>.
/// </summary>
internal sealed class MessageWriter(PipeWriter output, Func<MessageFraming> framing, Action<Exception> onFailure, RequestAdmission admission)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _closed;

    // Set when a flush was cut short (cancelled by Abort, or failed): its frame may still sit in the
    // pipe's buffer, and completing the pipe normally would flush it to a peer that is not reading.
    private volatile bool _brokenOff;

    public bool IsClosed => _closed;

    /// <summary>Writes and flushes the message, then returns its buffer. False when the connection can no longer write.</summary>
    public async Task<bool> WriteAsync(PooledBufferWriter message)
    {
        using (message)
        {
            int bytes = message.WrittenCount;
            admission.OutputQueued(bytes);
            await _lock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_closed)
                    return false;
                FrameWriter.Write(output, framing(), message.WrittenSpan);
                FlushResult flushed = await output.FlushAsync().ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    _closed = true;
                    _brokenOff = true;
                    return false;
                }
                return true;
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                _closed = true;
                _brokenOff = true;
                onFailure(exception);
                return false;
            }
            finally
            {
                _lock.Release();
                admission.OutputSent(bytes);
            }
        }
    }

    /// <summary>Stops waiting on a peer that is not reading: a blocked flush returns and later writes are refused.</summary>
    public void Abort()
    {
        _closed = true;
        try
        {
            output.CancelPendingFlush();
        }
        catch (ObjectDisposedException)
        {
            // The pipe was already completed: nothing is waiting on it.
        }
    }

    /// <summary>
    /// Lets queued writes finish, then completes the pipe. After a flush cut short (by Abort, or
    /// failed), what is left in the pipe's buffer is dropped rather than flushed: flushing could wait
    /// forever on a peer that has stopped reading, and the connection is going away regardless.
    /// </summary>
    public async Task CompleteAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            _closed = true;
            if (_brokenOff)
                await output.CompleteAsync(new IOException("The connection was closed with output unsent")).ConfigureAwait(false);
            else
                await output.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }
}
