using Wasmbox.Protocol.Framing;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>How a <see cref="JsonRpcConnection"/> reads, writes and waits.</summary>
public sealed record JsonRpcConnectionOptions
{
    public const long DefaultMaxMessageSize = 64L * 1024 * 1024;

    /// <summary>
    /// The largest message accepted, in bytes. A larger declared Content-Length (or a longer line) is
    /// answered with an error and the connection closes, without reading the body.
    /// </summary>
    public long MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    /// <summary>
    /// The framing to use. Null (the default) detects it from the peer's first byte and answers in
    /// kind; messages sent before the peer has sent anything use Content-Length.
    /// </summary>
    public MessageFraming? Framing { get; init; }

    /// <summary>How long an outgoing request waits for its response unless the call says otherwise. Null: forever.</summary>
    public TimeSpan? DefaultRequestTimeout { get; init; }

    /// <summary>For the <see cref="System.IO.Stream"/> constructor: keep the stream open after the connection closes.</summary>
    public bool LeaveStreamOpen { get; init; }

    /// <summary>
    /// Receives one line per event worth knowing when debugging (ignored notifications, unmatched
    /// responses, handler failures, why the connection closed). Called from any thread.
    /// </summary>
    public Action<string>? Trace { get; init; }
}
