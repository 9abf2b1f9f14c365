using System.Buffers;
using System.Text;
using Wasmbox.Protocol.Framing;

namespace Wasmbox.Protocol.Tests.Support;

/// <summary>
/// Drives a frame reader the way the connection's pipe does: unconsumed bytes stay buffered, each
/// chunk arrives as its own buffer segment, and the reader is asked again after every chunk.
/// </summary>
internal sealed class FrameFeeder(IFrameReader reader)
{
    private readonly List<byte[]> _chunks = [];

    public List<string> Frames { get; } = [];
    public List<FramingError> Errors { get; } = [];

    public long Buffered => _chunks.Sum(chunk => (long)chunk.Length);

    public void Feed(string text) => Feed(Encoding.UTF8.GetBytes(text));

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
            return;
        _chunks.Add(chunk.ToArray());
        ReadOnlySequence<byte> buffer = Sequence();
        long before = buffer.Length;
        while (true)
        {
            FrameStatus status = reader.TryReadFrame(ref buffer, out ReadOnlySequence<byte> payload, out FramingError? error);
            if (status == FrameStatus.NeedMoreData)
                break;
            if (status == FrameStatus.Frame)
                Frames.Add(Encoding.UTF8.GetString(payload));
            else
            {
                Errors.Add(error!);
                if (error!.IsFatal)
                    break;
            }
        }
        Consume(before - buffer.Length);
    }

    public void End()
    {
        FrameStatus status = reader.ReadFinalFrame(Sequence(), out ReadOnlySequence<byte> payload, out FramingError? error);
        if (status == FrameStatus.Frame)
            Frames.Add(Encoding.UTF8.GetString(payload));
        else if (status == FrameStatus.Error)
            Errors.Add(error!);
        _chunks.Clear();
    }

    private ReadOnlySequence<byte> Sequence()
    {
        if (_chunks.Count == 0)
            return ReadOnlySequence<byte>.Empty;
        var first = new Segment(_chunks[0], 0);
        Segment last = first;
        for (int i = 1; i < _chunks.Count; i++)
            last = last.Append(_chunks[i]);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private void Consume(long count)
    {
        while (count > 0)
        {
            byte[] first = _chunks[0];
            if (first.Length <= count)
            {
                count -= first.Length;
                _chunks.RemoveAt(0);
            }
            else
            {
                _chunks[0] = first[(int)count..];
                count = 0;
            }
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
