using Microsoft.Extensions.Logging;
using Wasmbox.Daemon.Execution;
using Wasmbox.Daemon.Hosting;
using Wasmbox.Daemon.Instances;
using Wasmbox.Daemon.Logging;
using Wasmbox.Daemon.Modules;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Daemon.Sessions;

/// <summary>
/// One connection: its JSON-RPC endpoint, its own executor thread for wasm code, and the modules and
/// instances it made. Nothing is shared with other sessions, so a stuck or hostile client only ever
/// holds up itself; everything it made is freed when the connection ends.
/// </summary>
internal sealed class Session
{
    private readonly CancellationTokenSource _ending = new();
    private int _inFlight;
    private long _requests;
    private volatile bool _draining;

    public Session(long number, System.Net.Sockets.Socket socket, DaemonOptions options, ModuleCache moduleCache, ILogger logger)
    {
        Number = number;
        Options = options;
        ModuleCache = moduleCache;
        Log = logger;
        // Every handler hands its work to the executor or the pool at once (docs/design.md, "Latency
        // is thread wake-ups"), so each starts on the reading thread that read its request.
        Connection = new JsonRpcConnection(socket, new JsonRpcConnectionOptions { StartHandlersOnReadingLoop = true });
        Executor = new WasmExecutor($"wasm session {number}");
        Modules = new HandleTable<ModuleLease>("m", "module", options.MaxModulesPerSession);
        Instances = new HandleTable<SessionInstance>("i", "instance", options.MaxInstancesPerSession);
        MemoryBudget = new SessionMemoryBudget(options.MaxSessionMemoryPages);
    }

    public long Number { get; }
    public DaemonOptions Options { get; }
    public ILogger Log { get; }
    public JsonRpcConnection Connection { get; }
    public WasmExecutor Executor { get; }

    /// <summary>The guest calls on the executor's stack; only the executor thread touches it.</summary>
    public CallStack Calls { get; } = new();

    /// <summary>The session's module ids, each one reference to the daemon's shared compiled module (see <see cref="ModuleCache"/>).</summary>
    public HandleTable<ModuleLease> Modules { get; }

    /// <summary>The daemon's compiled modules, shared by all its sessions.</summary>
    public ModuleCache ModuleCache { get; }
    public HandleTable<SessionInstance> Instances { get; }

    /// <summary>The memory pages all this session's instances may hold together.</summary>
    public SessionMemoryBudget MemoryBudget { get; }

    /// <summary>Cancelled when the session ends: stops host-call waits so the executor can clean up.</summary>
    public CancellationToken Ending => _ending.Token;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Serves <paramref name="method"/>: counts the request for draining, refuses new ones while the
    /// daemon stops, and logs failures that are the daemon's fault (not the client's or the guest's).
    /// </summary>
    public void Serve<TParams, TResult>(RpcMethod<TParams, TResult> method, Func<TParams, CancellationToken, ValueTask<TResult>> handler)
    {
        Connection.AddRequestHandler(method, async (parameters, cancellation) =>
        {
            Interlocked.Increment(ref _inFlight);
            Interlocked.Increment(ref _requests);
            try
            {
                if (_draining) throw WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, "the daemon is shutting down");
                return await handler(parameters, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not JsonRpcException and not OperationCanceledException)
            {
                Log.MethodFailed(e, Number, method.Name);
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        });
    }

    /// <summary>Runs the session until the connection closes, then frees everything it made.</summary>
    public async Task RunAsync()
    {
        Connection.Start();
        await Connection.Completion.ConfigureAwait(false);
        await _ending.CancelAsync().ConfigureAwait(false);

        // Instances are freed on the executor, after whatever guest call is still running there
        // (the cancellation above has interrupted it); the executor's thread ends once that queue is empty.
        var instances = Instances.Close();
        foreach (var module in Modules.Close()) module.Dispose();
        var cleanup = Executor.RunAsync(() =>
        {
            foreach (var instance in instances) instance.Dispose();
            return true;
        });
        Executor.Dispose();
        _ = cleanup.ContinueWith(_ => _ending.Dispose(), TaskScheduler.Default);
        Log.SessionClosed(Number, Interlocked.Read(ref _requests));
    }

    /// <summary>Refuses new requests, waits up to <paramref name="timeout"/> for running ones, then closes.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        _draining = true;
        var until = DateTime.UtcNow + timeout;
        // The connection's count lasts until each answer is written: a handler that has returned may
        // still have its result to serialize and send (the first of a kind can take milliseconds).
        while ((InFlight > 0 || Connection.RequestsInFlight > 0) && DateTime.UtcNow < until)
            await Task.Delay(20).ConfigureAwait(false);
        if (InFlight > 0) Log.DrainTimedOut(Number, InFlight);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
