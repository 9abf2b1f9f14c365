using System.Text;

namespace Wasmbox.Protocol.Framing;

/// <summary>
/// The one thing we read from Content-Type: its charset. The media type itself is not checked, since
/// implementations disagree on it and it changes nothing about how we read the body.
/// </summary>
internal static class ContentTypeHeader
{
    /// <summary>
    /// Returns null when the body is UTF-8: no charset, "utf-8", or "utf8" (the spelling early LSP
    /// versions used, which the spec asks implementations to keep accepting). Otherwise the error.
    /// </summary>
    public static FramingError? CheckCharset(ReadOnlySpan<byte> contentType)
    {
        foreach (Range range in contentType.Split((byte)';'))
        {
            ReadOnlySpan<byte> parameter = contentType[range].Trim(" \t"u8);
            int equals = parameter.IndexOf((byte)'=');
            if (equals < 0 || !Ascii.EqualsIgnoreCase(parameter[..equals].TrimEnd(" \t"u8), "charset"u8))
                continue;

            ReadOnlySpan<byte> charset = parameter[(equals + 1)..].Trim(" \t"u8);
            if (charset is [(byte)'"', .., (byte)'"'] && charset.Length >= 2)
                charset = charset[1..^1];
            if (!Ascii.EqualsIgnoreCase(charset, "utf-8"u8) && !Ascii.EqualsIgnoreCase(charset, "utf8"u8))
                return FramingErrors.UnsupportedCharset(charset);
        }
        return null;
    }
}
