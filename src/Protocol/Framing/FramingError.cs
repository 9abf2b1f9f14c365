namespace Wasmbox.Protocol.Framing;

/// <summary>
/// Something wrong with the byte stream itself rather than with a message in it.
/// </summary>
/// <param name="Code">The JSON-RPC error code reported to the peer (-32700 or -32600).</param>
/// <param name="Message">What was wrong, in words a person at the other end can act on.</param>
/// <param name="IsFatal">
/// True when the stream cannot be trusted past this point (we no longer know where the next message
/// starts, or reading on would mean buffering more than we allow), so the connection must close.
/// </param>
public sealed record FramingError(int Code, string Message, bool IsFatal);
