using System.Buffers;

namespace Wasmbox.Protocol.Framing;

/// <summary>
/// Reads one JSON message per line. JSON text never contains a raw newline outside whitespace, and our
/// writer emits none, so a newline always ends a message. Blank lines are skipped.
/// </summary>
internal sealed class NewlineFrameReader(long maxMessageSize) : IFrameReader
{
    // How far into the buffered bytes we already know there is no newline, so that a long line
    // arriving in small reads is scanned once in total rather than once per read.
    private long _scanned;

    public FrameStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload, out FramingError? error)
    {
        error = null;
        while (true)
        {
            payload = default;
            SequencePosition? newline = buffer.Slice(_scanned).PositionOf((byte)'\n');
            if (newline is null)
            {
                _scanned = buffer.Length;
                if (buffer.Length > maxMessageSize)
                {
                    error = FramingErrors.LineTooLong(maxMessageSize);
                    return FrameStatus.Error;
                }
                return FrameStatus.NeedMoreData;
            }

            _scanned = 0;
            ReadOnlySequence<byte> line = buffer.Slice(0, newline.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
            if (line.Length > maxMessageSize + 1)
            {
                error = FramingErrors.LineTooLong(maxMessageSize);
                return FrameStatus.Error;
            }
            if (TrimLine(line, out payload))
                return FrameStatus.Frame;
        }
    }

    public FrameStatus ReadFinalFrame(ReadOnlySequence<byte> remainder, out ReadOnlySequence<byte> payload, out FramingError? error)
    {
        // A last line without its newline ("printf '{...}' | socat ...") is still a message.
        error = null;
        _scanned = 0;
        if (remainder.Length > maxMessageSize)
        {
            payload = default;
            error = FramingErrors.LineTooLong(maxMessageSize);
            return FrameStatus.Error;
        }
        return TrimLine(remainder, out payload) ? FrameStatus.Frame : FrameStatus.NeedMoreData;
    }

    /// <summary>Drops a trailing "\r"; false for a line with nothing but whitespace.</summary>
    private static bool TrimLine(ReadOnlySequence<byte> line, out ReadOnlySequence<byte> payload)
    {
        payload = line;
        if (line.IsEmpty)
            return false;
        if (line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
            payload = line.Slice(0, line.Length - 1);
        foreach (ReadOnlyMemory<byte> segment in payload)
        {
            if (segment.Span.ContainsAnyExcept(" \t\r"u8))
                return true;
        }
        return false;
    }
}
