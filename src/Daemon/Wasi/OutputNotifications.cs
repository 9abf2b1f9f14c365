using Wasmbox.Daemon.Execution;
using Wasmbox.Daemon.Instances;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Daemon.Wasi;

/// <summary>
/// A WASI program's stdout or stderr: every fd_write (which writes, then flushes once) becomes one
/// <c>instance/output</c> notification. The guest waits until the notification is written to the
/// connection, so output reaches the client in order, before the call's response, and a client that
/// stops reading holds up only its own guest — whose wait still ends with the call's deadline,
/// cancellation, the instance's disposal or the session's end.
/// </summary>
internal sealed class OutputNotifications(string instanceId, OutputStream stream, JsonRpcConnection connection, WasmExecutor executor, CallStack calls) : Stream
{
    /// <summary>The most bytes one notification carries: a huge write goes out in several, well under the message size limit.</summary>
    public const int MaxChunk = 1 << 20;

    private readonly MemoryStream _pending = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var room = MaxChunk - (int)_pending.Length;
            var part = buffer[..Math.Min(room, buffer.Length)];
            _pending.Write(part);
            buffer = buffer[part.Length..];
            if (_pending.Length >= MaxChunk) Flush();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
        if (_pending.Length == 0) return;
        var bytes = _pending.ToArray();
        _pending.SetLength(0);
        var sent = connection.NotifyAsync(WasmboxMethods.InstanceOutput, new OutputParams { InstanceId = instanceId, Stream = stream, Bytes = bytes });
        try
        {
            // Usually written at once; otherwise wait, running the session's queued work meanwhile.
            if (!sent.IsCompletedSuccessfully) executor.WaitPumping(Completed(sent), calls.Current);
            else sent.GetAwaiter().GetResult();
        }
        catch (ConnectionLostException e)
        {
            // The guest sees EIO; the session is ending and stops the guest's next wait.
            throw new IOException("the client is gone", e);
        }
    }

    private static async Task<bool> Completed(Task task)
    {
        await task.ConfigureAwait(false);
        return true;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
