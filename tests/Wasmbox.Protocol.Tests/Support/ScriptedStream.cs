namespace Wasmbox.Protocol.Tests.Support;

/// <summary>
/// A read side that serves a fixed prefix, then (optionally) an endless run of filler bytes, at most
/// <c>maxRead</c> bytes per read, and counts what was read; writes are collected. It lets a test see
/// how much of a stream the connection consumed and drive it one byte at a time.
/// </summary>
internal sealed class ScriptedStream(byte[] prefix, bool endlessFiller = false, int maxRead = int.MaxValue) : Stream
{
    private readonly MemoryStream _written = new();
    private long _position;

    public long BytesRead => Interlocked.Read(ref _position);

    public byte[] Written
    {
        get
        {
            lock (_written)
                return _written.ToArray();
        }
    }

    public bool Disposed { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int count = Math.Min(buffer.Length, maxRead);
        long position = Interlocked.Read(ref _position);
        int fromPrefix = (int)Math.Clamp(prefix.Length - position, 0, count);
        prefix.AsSpan((int)Math.Min(position, prefix.Length), fromPrefix).CopyTo(buffer);
        int total = fromPrefix;
        if (endlessFiller && total < count)
        {
            buffer[total..count].Fill((byte)'x');
            total = count;
        }
        Interlocked.Add(ref _position, total);
        return total;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (_written)
            _written.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_written)
            _written.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
