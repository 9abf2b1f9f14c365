using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;

namespace Wasmbox.Protocol.Framing;

/// <summary>Writes one message payload, framed, into a pipe (without flushing).</summary>
internal static class FrameWriter
{
    private static ReadOnlySpan<byte> ContentLengthPrefix => "Content-Length: "u8;
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    public static void Write(PipeWriter output, MessageFraming framing, ReadOnlySpan<byte> payload)
    {
        if (framing == MessageFraming.ContentLength)
        {
            // Only Content-Length: Content-Type would just restate the LSP default, and StreamJsonRpc
            // and vscode-jsonrpc send none either.
            Span<byte> header = output.GetSpan(ContentLengthPrefix.Length + 20 + HeaderEnd.Length);
            ContentLengthPrefix.CopyTo(header);
            Utf8Formatter.TryFormat(payload.Length, header[ContentLengthPrefix.Length..], out int digits);
            HeaderEnd.CopyTo(header[(ContentLengthPrefix.Length + digits)..]);
            output.Advance(ContentLengthPrefix.Length + digits + HeaderEnd.Length);
            output.Write(payload);
        }
        else
        {
            output.Write(payload);
            output.Write("\n"u8);
        }
    }
}
