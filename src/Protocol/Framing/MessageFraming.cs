namespace Wasmbox.Protocol.Framing;

/// <summary>How messages are delimited on a connection's byte stream.</summary>
public enum MessageFraming
{
    /// <summary>
    /// The LSP base protocol, as StreamJsonRpc and vscode-jsonrpc speak it:
    /// <c>Content-Length: N\r\n\r\n</c> followed by N bytes of UTF-8 JSON.
    /// </summary>
    ContentLength,

    /// <summary>One JSON message per line (<c>\n</c>, optionally <c>\r\n</c>), for socat and shell scripts.</summary>
    NewlineDelimited,
}
