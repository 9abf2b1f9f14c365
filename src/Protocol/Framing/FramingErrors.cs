using System.Text;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Protocol.Framing;

/// <summary>The framing errors we report, worded for the person debugging the other end.</summary>
internal static class FramingErrors
{
    public static FramingError TooLarge(string declaredLength, long max) =>
        new(JsonRpcErrorCodes.InvalidRequest, $"Message of {declaredLength} bytes exceeds the maximum message size of {max} bytes", IsFatal: true);

    public static FramingError LineTooLong(long max) =>
        new(JsonRpcErrorCodes.InvalidRequest, $"Message line exceeds the maximum message size of {max} bytes", IsFatal: true);

    public static FramingError HeaderTooLong(int max) =>
        new(JsonRpcErrorCodes.ParseError, $"Message header section is longer than {max} bytes", IsFatal: true);

    public static FramingError MalformedHeader(ReadOnlySpan<byte> line) =>
        new(JsonRpcErrorCodes.ParseError, $"Malformed message header line \"{Printable(line)}\" (expected \"Name: value\")", IsFatal: true);

    public static FramingError InvalidContentLength(ReadOnlySpan<byte> value) =>
        new(JsonRpcErrorCodes.ParseError, $"Content-Length \"{Printable(value)}\" is not a non-negative decimal number", IsFatal: true);

    public static FramingError MissingContentLength() =>
        new(JsonRpcErrorCodes.ParseError, "Message header has no Content-Length", IsFatal: true);

    public static FramingError Conflicting() =>
        new(JsonRpcErrorCodes.ParseError, "Message header has two different Content-Length values", IsFatal: true);

    public static FramingError Truncated(string what) =>
        new(JsonRpcErrorCodes.ParseError, $"Truncated message: {what}", IsFatal: true);

    public static FramingError UnsupportedCharset(ReadOnlySpan<byte> charset) =>
        new(JsonRpcErrorCodes.ParseError, $"Unsupported charset \"{Printable(charset)}\" in Content-Type: only utf-8 is supported", IsFatal: false);

    public static FramingError UnrecognisedStart(byte first) =>
        new(JsonRpcErrorCodes.ParseError,
            $"Unrecognised stream: it starts with byte 0x{first:x2}, but a JSON-RPC stream starts with \"Content-Length:\" (LSP framing) or with '{{' or '[' (one JSON message per line)",
            IsFatal: true);

    /// <summary>Quotes peer bytes safely: printable ASCII as is, anything else as \xNN, at most 80 bytes.</summary>
    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, 80)])
        {
            if (b is >= 0x20 and < 0x7F and not (byte)'"' and not (byte)'\\')
                text.Append((char)b);
            else
                text.Append($"\\x{b:x2}");
        }
        if (bytes.Length > 80)
            text.Append("...");
        return text.ToString();
    }
}
