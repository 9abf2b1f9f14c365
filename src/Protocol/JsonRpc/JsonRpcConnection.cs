using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using Wasmbox.Protocol.Framing;
using Wasmbox.Protocol.JsonRpc.Sockets;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// One JSON-RPC 2.0 connection, symmetric: either side registers handlers for the methods it serves
/// and calls the methods the other side serves, concurrently, over one byte stream.
/// </summary>
/// <remarks>
/// <para>Incoming requests run concurrently on the thread pool (or start on the reading loop, see
/// <see cref="JsonRpcConnectionOptions.StartHandlersOnReadingLoop"/>), each with a CancellationToken that a
/// <c>$/cancelRequest</c> for its id cancels. Incoming notifications run one at a time on the reading
/// loop, in arrival order (so output notifications are handled before the response that follows
/// them); their handlers should be quick and must not wait for a response on this connection.</para>
/// <para>When the peer stops sending, requests already received still run and are answered (a shell
/// script may half-close its socket and wait for replies), and our own pending requests fail with
/// <see cref="ConnectionLostException"/>. Disposing stops everything at once.</para>
/// </remarks>
public sealed partial class JsonRpcConnection : IAsyncDisposable
{
    private const string CancelRequestMethod = "$/cancelRequest";

    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Stream? _ownedStream;
    private readonly SocketStream? _socketStream;
    private readonly JsonRpcConnectionOptions _options;
    private readonly MessageWriter _writer;
    private readonly RequestAdmission _admission;
    private readonly ConcurrentDictionary<string, MethodRegistration> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private readonly ConcurrentDictionary<JsonRpcId, CancellationTokenSource> _running = new();
    private readonly InFlightRequests _inFlight = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long _lastRequestId;
    private int _framing;
    private int _started;
    private ConnectionLostException? _stopReason;
    private volatile ConnectionLostException? _closeReason;

    /// <summary>The last error the peer sent with a null id: the reason it gives if it then closes (its InnerException).</summary>
    private volatile RemoteRpcException? _peerConnectionError;

    /// <summary>A connection over a duplex stream (a socket's NetworkStream, a pipe).</summary>
    public JsonRpcConnection(Stream stream, JsonRpcConnectionOptions? options = null)
        : this(stream, options, owned: options?.LeaveStreamOpen != true)
    {
    }

    /// <summary>
    /// A connection over a connected stream socket (released when the connection closes, unless the
    /// options' <see cref="JsonRpcConnectionOptions.LeaveStreamOpen"/>). On Linux it reads on a thread
    /// of its own that the kernel wakes when data arrives, one thread hand-off less per message than a
    /// NetworkStream (see SocketStream); elsewhere it is the NetworkStream connection.
    /// </summary>
    public JsonRpcConnection(Socket socket, JsonRpcConnectionOptions? options = null)
        : this(OpenStream(socket, leaveOpen: options?.LeaveStreamOpen == true), options, owned: true)
    {
    }

    private JsonRpcConnection(Stream stream, JsonRpcConnectionOptions? options, bool owned)
        : this(PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true)),
               PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)),
               options)
    {
        if (owned)
            _ownedStream = stream;
        _socketStream = stream as SocketStream;
    }

    /// <summary>A connection over pipes: reads the peer's messages from <paramref name="input"/>, writes to <paramref name="output"/>.</summary>
    public JsonRpcConnection(PipeReader input, PipeWriter output, JsonRpcConnectionOptions? options = null)
    {
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _options = options ?? new JsonRpcConnectionOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxMessageSize, 2, nameof(options));
        _framing = _options.Framing is { } framing ? (int)framing + 1 : 0;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxUnsentOutputBytes, 0, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxConcurrentRequests, 1, nameof(options));
        _admission = new RequestAdmission(_options, _inFlight, () => _pending.Count);
        _inFlight.Exited = _admission.Changed;
        _writer = new MessageWriter(_output, () => Framing ?? MessageFraming.ContentLength, OnWriteFailed, _admission);
    }

    /// <summary>The framing in use: as configured, as detected from the peer, or null before the peer's first byte.</summary>
    public MessageFraming? Framing => Volatile.Read(ref _framing) is var value and > 0 ? (MessageFraming)(value - 1) : null;

    /// <summary>Completes (never faults) once the connection has closed and released its stream.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Bytes of output written by the connection and not yet taken by the stream (see <see cref="JsonRpcConnectionOptions.MaxUnsentOutputBytes"/>).</summary>
    public long UnsentOutputBytes => _admission.UnsentBytes;

    /// <summary>The most <see cref="UnsentOutputBytes"/> has been since the connection opened.</summary>
    public long PeakUnsentOutputBytes => _admission.PeakUnsentBytes;

    /// <summary>The peer's requests running or waiting to be written (see <see cref="JsonRpcConnectionOptions.MaxConcurrentRequests"/>).</summary>
    public int RequestsInFlight => _inFlight.Count;

    /// <summary>Why the connection stopped receiving; null while it is open.</summary>
    public ConnectionLostException? CloseReason => _closeReason;

    /// <summary>Serves <paramref name="method"/> with <paramref name="handler"/>. Register before <see cref="Start"/>.</summary>
    public void AddRequestHandler<TParams, TResult>(RpcMethod<TParams, TResult> method, Func<TParams, CancellationToken, ValueTask<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        Register(method.Name, new RequestRegistration<TParams, TResult>(method, handler));
    }

    /// <summary>Handles <paramref name="notification"/>. The handler runs on the reading loop: keep it short.</summary>
    public void AddNotificationHandler<TParams>(RpcNotification<TParams> notification, Func<TParams, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(handler);
        Register(notification.Name, new NotificationRegistration<TParams>(notification, handler));
    }

    /// <summary>Handles <paramref name="notification"/> with a synchronous handler (see the other overload).</summary>
    public void AddNotificationHandler<TParams>(RpcNotification<TParams> notification, Action<TParams> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddNotificationHandler(notification, (parameters, _) =>
        {
            handler(parameters);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Starts reading. Handlers registered later may miss the first messages.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
            throw new InvalidOperationException("The connection has already been started");
        if (_socketStream is not null)
            _socketStream.StartReadingThread(RunAsync, "JSON-RPC reading");
        else
            _ = Task.Run(RunAsync);
    }

    /// <summary>Closes now: running handlers are cancelled, pending requests fail, the stream is released.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_completion.Task.IsCompleted)
            return;
        RequestStop(new ConnectionLostException("The connection was disposed"));
        if (Interlocked.Exchange(ref _started, 1) == 0)
            await StopAsync(drain: false).ConfigureAwait(false);
        await _completion.Task.ConfigureAwait(false);
    }

    private static Stream OpenStream(Socket socket, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return SocketStream.IsSupported ? new SocketStream(socket, ownsSocket: !leaveOpen) : new NetworkStream(socket, ownsSocket: !leaveOpen);
    }

    private void Register(string name, MethodRegistration registration)
    {
        if (name == CancelRequestMethod)
            throw new ArgumentException($"{CancelRequestMethod} is handled by the connection itself", nameof(name));
        if (!_handlers.TryAdd(name, registration))
            throw new ArgumentException($"A handler for '{name}' is already registered", nameof(name));
    }

    private void Trace(string message) => _options.Trace?.Invoke(message);

    /// <summary>Stops reading and draining (first reason wins); the reading loop then closes the connection.</summary>
    private void RequestStop(ConnectionLostException reason)
    {
        Interlocked.CompareExchange(ref _stopReason, reason, null);
        _writer.Abort();
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
        _socketStream?.Stop(); // a read or a send waiting in poll ends now
    }

    private void OnWriteFailed(Exception exception) =>
        RequestStop(new ConnectionLostException($"Writing to the connection failed: {exception.Message}", exception));

    private ConnectionLostException ConnectionLost() =>
        _closeReason is { } reason
            ? new ConnectionLostException(reason.Message, reason.InnerException)
            : new ConnectionLostException("The connection is closed");
}
