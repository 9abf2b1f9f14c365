using System.Buffers;
using System.Text;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Protocol.Framing;

/// <summary>
/// Reads LSP base-protocol frames: header lines, an empty line, then exactly Content-Length bytes.
/// Header lines are consumed as soon as each one is complete, so a header split across reads is never
/// parsed twice, and a Content-Length above the limit is refused before a single body byte is read.
/// </summary>
/// <remarks>
/// Lenient where being strict helps nobody: header names in any case and order, unknown headers
/// ignored, lines ended by "\n" as well as "\r\n", blank lines between frames skipped.
/// </remarks>
internal sealed class ContentLengthFrameReader(long maxMessageSize) : IFrameReader
{
    /// <summary>A header section longer than this is not a header section.</summary>
    internal const int MaxHeaderSectionBytes = 8192;

    private long _contentLength = -1;
    private bool _inHeaderSection;
    private int _headerBytes;
    private FramingError? _rejectedBody;
    private long _bodyLength = -1;

    public FrameStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload, out FramingError? error)
    {
        payload = default;
        error = null;
        while (true)
        {
            if (_bodyLength >= 0)
                return TryReadBody(ref buffer, out payload, out error);

            SequencePosition? newline = buffer.PositionOf((byte)'\n');
            if (newline is null)
            {
                if (_headerBytes + buffer.Length > MaxHeaderSectionBytes)
                    return Fail(FramingErrors.HeaderTooLong(MaxHeaderSectionBytes), out error);
                return FrameStatus.NeedMoreData;
            }

            ReadOnlySequence<byte> line = buffer.Slice(0, newline.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
            _headerBytes += (int)Math.Min(line.Length + 1, int.MaxValue);
            if (_headerBytes > MaxHeaderSectionBytes)
                return Fail(FramingErrors.HeaderTooLong(MaxHeaderSectionBytes), out error);

            FramingError? lineError = ReadHeaderLine(line);
            if (lineError is not null)
                return Fail(lineError, out error);
        }
    }

    public FrameStatus ReadFinalFrame(ReadOnlySequence<byte> remainder, out ReadOnlySequence<byte> payload, out FramingError? error)
    {
        payload = default;
        if (_bodyLength >= 0)
        {
            error = FramingErrors.Truncated($"the stream ended {remainder.Length} bytes into a {_bodyLength}-byte message body");
            return FrameStatus.Error;
        }
        if (_inHeaderSection || !IsBlank(remainder))
        {
            error = FramingErrors.Truncated("the stream ended inside a message header");
            return FrameStatus.Error;
        }
        error = null;
        return FrameStatus.NeedMoreData;
    }

    private FrameStatus TryReadBody(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload, out FramingError? error)
    {
        payload = default;
        error = null;
        if (buffer.Length < _bodyLength)
            return FrameStatus.NeedMoreData;

        payload = buffer.Slice(0, _bodyLength);
        buffer = buffer.Slice(_bodyLength);
        _bodyLength = -1;
        if (_rejectedBody is null)
            return FrameStatus.Frame;

        // The body was read only to skip it: the frame itself was well formed, so the stream goes on.
        error = _rejectedBody;
        _rejectedBody = null;
        payload = default;
        return FrameStatus.Error;
    }

    /// <summary>Handles one header line; returns an error only when the stream must be abandoned.</summary>
    private FramingError? ReadHeaderLine(ReadOnlySequence<byte> lineSequence)
    {
        Span<byte> copy = stackalloc byte[(int)Math.Min(lineSequence.Length, MaxHeaderSectionBytes)];
        lineSequence.CopyTo(copy);
        ReadOnlySpan<byte> line = copy;
        if (line is [.., (byte)'\r'])
            line = line[..^1];

        if (line.IsEmpty)
        {
            if (_inHeaderSection)
                return EndHeaderSection();
            _headerBytes = 0; // a blank line between frames, as some writers send
            return null;
        }

        _inHeaderSection = true;
        int colon = line.IndexOf((byte)':');
        if (colon <= 0 || !IsToken(line[..colon].TrimEnd((byte)' ')))
            return FramingErrors.MalformedHeader(line);

        ReadOnlySpan<byte> name = line[..colon].TrimEnd((byte)' ');
        ReadOnlySpan<byte> value = line[(colon + 1)..].Trim(" \t"u8);
        if (value.ContainsAnyInRange((byte)0, (byte)0x08) || value.ContainsAnyInRange((byte)0x0A, (byte)0x1F) || value.Contains((byte)0x7F))
            return FramingErrors.MalformedHeader(line);

        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            return ReadContentLength(value);
        if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
            _rejectedBody ??= ContentTypeHeader.CheckCharset(value);
        return null;
    }

    private FramingError? ReadContentLength(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
            return FramingErrors.InvalidContentLength(value);

        // Any value too long for a long is certainly over the limit; say so rather than "malformed".
        long length = value.Length > 18 ? long.MaxValue : long.Parse(value, provider: null);
        if (length > maxMessageSize)
            return FramingErrors.TooLarge(Encoding.ASCII.GetString(value), maxMessageSize);
        if (_contentLength >= 0 && _contentLength != length)
            return FramingErrors.Conflicting();
        _contentLength = length;
        return null;
    }

    private FramingError? EndHeaderSection()
    {
        if (_contentLength < 0)
            return FramingErrors.MissingContentLength();
        _bodyLength = _contentLength;
        _contentLength = -1;
        _inHeaderSection = false;
        _headerBytes = 0;
        return null;
    }

    private static FrameStatus Fail(FramingError failure, out FramingError? error)
    {
        error = failure;
        return FrameStatus.Error;
    }

    /// <summary>An HTTP token: visible ASCII without separators that would make it ambiguous.</summary>
    private static bool IsToken(ReadOnlySpan<byte> name) =>
        !name.IsEmpty && !name.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E) && name.IndexOfAny("\"(),/:;<=>?@[\\]{}"u8) < 0;

    private static bool IsBlank(ReadOnlySequence<byte> bytes)
    {
        foreach (ReadOnlyMemory<byte> segment in bytes)
        {
            if (segment.Span.ContainsAnyExcept(" \t\r\n"u8))
                return false;
        }
        return true;
    }
}
