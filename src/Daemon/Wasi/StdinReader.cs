using Wasmbox.Daemon.Execution;
using Wasmbox.Daemon.Instances;

namespace Wasmbox.Daemon.Wasi;

/// <summary>
/// The guest's side of <see cref="StdinBuffer"/>: a read returns what is buffered, or waits on the
/// executor (running the session's queued work) until there is some or stdin is closed. The wait
/// ends with the innermost call's token — deadline, cancellation, disposal, session end — and the
/// resulting OperationCanceledException unwinds the guest.
/// </summary>
internal sealed class StdinReader(StdinBuffer buffer, WasmExecutor executor, CallStack calls) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(Span<byte> destination)
    {
        while (true)
        {
            int count = buffer.TryRead(destination, out var wait);
            if (count >= 0) return count;
            executor.WaitPumping(Task.WhenAny(wait!, Task.Delay(StdinBuffer.PeerCheckInterval)), calls.Current);
            buffer.CheckClient();
        }
    }

    public override int Read(byte[] destination, int offset, int count) => Read(destination.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
