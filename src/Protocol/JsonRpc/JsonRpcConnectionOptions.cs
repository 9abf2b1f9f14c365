using Wasmbox.Protocol.Framing;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>How a <see cref="JsonRpcConnection"/> reads, writes and waits.</summary>
public sealed record JsonRpcConnectionOptions
{
    public const long DefaultMaxMessageSize = 64L * 1024 * 1024;
    public const long DefaultMaxUnsentOutputBytes = 32L * 1024 * 1024;
    public const int DefaultMaxConcurrentRequests = 64;

    /// <summary>
    /// The largest message accepted, in bytes. A larger declared Content-Length (or a longer line) is
    /// answered with an error and the connection closes, without reading the body.
    /// </summary>
    public long MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    /// <summary>
    /// How much written output may wait for the peer to read it, in bytes. Beyond it the connection
    /// stops taking on the peer's requests (responses to our own requests are still read) until the
    /// peer has read enough: a peer that sends requests and never reads the answers stalls only itself.
    /// </summary>
    public long MaxUnsentOutputBytes { get; init; } = DefaultMaxUnsentOutputBytes;

    /// <summary>
    /// How many of the peer's requests may be running or waiting to be written at once; the next one
    /// waits for a slot. Requests whose handlers wait for a response of ours do not use one up (the
    /// limit rises by the number of our requests outstanding), so handlers that call back cannot
    /// starve the reading of their own answers.
    /// </summary>
    public int MaxConcurrentRequests { get; init; } = DefaultMaxConcurrentRequests;

    /// <summary>
    /// The framing to use. Null (the default) detects it from the peer's first byte and answers in
    /// kind; messages sent before the peer has sent anything use Content-Length.
    /// </summary>
    public MessageFraming? Framing { get; init; }

    /// <summary>How long an outgoing request waits for its response unless the call says otherwise. Null: forever.</summary>
    public TimeSpan? DefaultRequestTimeout { get; init; }

    /// <summary>
    /// Starts each request's handler on the reading loop, which reads the next message only once the
    /// handler first waits, instead of on the thread pool: one thread hand-off less per request. Only
    /// for handlers that pass their work on (to a thread of their own, to the pool) before doing
    /// anything slow; one that blocks holds up every message after it, answers to our requests included.
    /// </summary>
    public bool StartHandlersOnReadingLoop { get; init; }

    /// <summary>For the Stream and Socket constructors: keep the stream (the socket) open after the connection closes.</summary>
    public bool LeaveStreamOpen { get; init; }

    /// <summary>
    /// Receives one line per event worth knowing when debugging (ignored notifications, unmatched
    /// responses, handler failures, why the connection closed). Called from any thread.
    /// </summary>
    public Action<string>? Trace { get; init; }
}
