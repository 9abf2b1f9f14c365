using System.Buffers;

namespace Wasmbox.Protocol.Framing;

/// <summary>
/// Chooses a connection's framing from the first byte the peer sends (after any whitespace):
/// '{' or '[' is a JSON message on its own line, 'C' or 'c' the start of "Content-Length:".
/// </summary>
internal static class FramingDetector
{
    /// <returns>The framing, or null when only whitespace has arrived so far (or a byte we do not know, with an error).</returns>
    public static MessageFraming? Detect(ReadOnlySequence<byte> buffer, out FramingError? error)
    {
        error = null;
        foreach (ReadOnlyMemory<byte> segment in buffer)
        {
            int index = segment.Span.IndexOfAnyExcept(" \t\r\n"u8);
            if (index < 0)
                continue;

            byte first = segment.Span[index];
            switch (first)
            {
                case (byte)'{' or (byte)'[':
                    return MessageFraming.NewlineDelimited;
                case (byte)'C' or (byte)'c':
                    return MessageFraming.ContentLength;
                default:
                    error = FramingErrors.UnrecognisedStart(first);
                    return null;
            }
        }
        return null;
    }

    public static IFrameReader CreateReader(MessageFraming framing, long maxMessageSize) => framing switch
    {
        MessageFraming.ContentLength => new ContentLengthFrameReader(maxMessageSize),
        MessageFraming.NewlineDelimited => new NewlineFrameReader(maxMessageSize),
        _ => throw new ArgumentOutOfRangeException(nameof(framing)),
    };
}
