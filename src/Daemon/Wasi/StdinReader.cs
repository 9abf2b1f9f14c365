using Wasmbox.Daemon.Instances;

namespace Wasmbox.Daemon.Wasi;

/// <summary>
/// The guest's side of <see cref="StdinBuffer"/>: a read returns what is buffered, or blocks the
/// executor until there is some or stdin is closed. The wait ends with the innermost call's token —
/// deadline, cancellation, disposal, session end — and the resulting OperationCanceledException
/// unwinds the guest.
/// </summary>
/// <remarks>
/// Unlike a host call's wait, this one runs none of the session's queued work meanwhile: nothing a
/// client sends needs to run inside a read (stdin itself arrives off the executor), and work nested
/// here would be stopped along with the read when the call is cancelled. Queued calls wait, as they
/// do behind any running guest.
/// </remarks>
internal sealed class StdinReader(StdinBuffer buffer, CallStack calls) : Stream
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
            Task.WhenAny(wait!, Task.Delay(StdinBuffer.PeerCheckInterval)).Wait(calls.Current);
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
