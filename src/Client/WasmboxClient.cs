using System.Collections.Concurrent;
using System.Net.Sockets;
using Wasmbox.Client.Connecting;
using Wasmbox.Client.HostFunctions;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Client;

/// <summary>
/// A session with the Wasmbox daemon: compile modules, instantiate them with host functions this
/// process implements, call their exports, read and write their state. Every id is valid on this
/// client only, and everything it made is freed when it is disposed.
/// </summary>
/// <remarks>
/// Calls may run concurrently, and a host function may call back into the daemon (read the guest's
/// memory, invoke another export) while the guest waits for it. Cancelling a call's token sends
/// <c>$/cancelRequest</c>. Failures the daemon reports throw <see cref="RemoteRpcException"/>;
/// <see cref="WasmboxErrors.GetData"/> reads their type, trap kind and wasm stack.
/// </remarks>
public sealed class WasmboxClient : IAsyncDisposable
{
    private readonly JsonRpcConnection _connection;
    private readonly HostFunctionTable _hostFunctions = new();
    private readonly ConcurrentDictionary<string, ImportDescriptor[]> _moduleImports = new();
    private readonly ConcurrentDictionary<string, ExportDescriptor[]> _instanceExports = new();

    private WasmboxClient(JsonRpcConnection connection)
    {
        _connection = connection;
        _connection.AddRequestHandler(WasmboxMethods.HostCall, _hostFunctions.HandleAsync);
        _connection.AddNotificationHandler(WasmboxMethods.InstanceOutput, output => Output?.Invoke(output));
        _connection.Start();
    }

    /// <summary>Connects to the daemon at <paramref name="socketPath"/> (default: <see cref="DefaultSocketPath.Resolve"/>), retrying briefly.</summary>
    /// <exception cref="DaemonUnavailableException">Nothing accepted the connection.</exception>
    public static async Task<WasmboxClient> ConnectAsync(string? socketPath = null, WasmboxClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new WasmboxClientOptions();
        var socket = await SocketConnector.ConnectAsync(socketPath ?? DefaultSocketPath.Resolve(), options, cancellationToken).ConfigureAwait(false);
        var connection = new JsonRpcConnection(socket, new JsonRpcConnectionOptions
        {
            DefaultRequestTimeout = options.RequestTimeout,
            // The daemon is trusted to read what it asked for; the limits guard the daemon against
            // its clients, and on this side they could only add a way to stall.
            MaxUnsentOutputBytes = long.MaxValue,
            MaxConcurrentRequests = int.MaxValue,
        });
        return new WasmboxClient(connection);
    }

    /// <summary>
    /// Bytes a WASI instance wrote to stdout or stderr (<c>instance/output</c>), raised in the order
    /// the guest wrote them and before the response of the call that wrote them. Raised on the
    /// connection's reading loop: keep handlers short and never wait there for another call's answer.
    /// </summary>
    public event Action<OutputParams>? Output;

    /// <summary>Completes when the connection has closed (the daemon went away or this client was disposed).</summary>
    public Task Completion => _connection.Completion;

    /// <summary>Implements the import <paramref name="module"/>.<paramref name="name"/> for instances created after this.</summary>
    public void DefineFunction(string module, string name, WireValueType[] parameters, WireValueType[] results,
        Func<WireValue[], CancellationToken, ValueTask<WireValue[]>> implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        _hostFunctions.Define(module, name, new HostFunctionDefinition(parameters, results, implementation));
    }

    /// <summary>Implements an import with a synchronous delegate.</summary>
    public void DefineFunction(string module, string name, WireValueType[] parameters, WireValueType[] results, Func<WireValue[], WireValue[]> implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        DefineFunction(module, name, parameters, results, (args, _) => ValueTask.FromResult(implementation(args)));
    }

    public Task<EngineInfoResult> GetEngineInfoAsync(CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync(WasmboxMethods.EngineInfo, NoParams.Value, cancellationToken);

    public async Task<CompileModuleResult> CompileAsync(byte[] wasm, CancellationToken cancellationToken = default)
    {
        var module = await _connection.InvokeAsync(WasmboxMethods.ModuleCompile, new CompileModuleParams { Bytes = wasm }, cancellationToken).ConfigureAwait(false);
        _moduleImports[module.ModuleId] = module.Imports;
        return module;
    }

    public async Task DisposeModuleAsync(string moduleId, CancellationToken cancellationToken = default)
    {
        await _connection.InvokeAsync(WasmboxMethods.ModuleDispose, new DisposeModuleParams { ModuleId = moduleId }, cancellationToken).ConfigureAwait(false);
        _moduleImports.TryRemove(moduleId, out _);
    }

    /// <summary>Instantiates a module; the functions defined with <see cref="DefineFunction(string, string, WireValueType[], WireValueType[], Func{WireValue[], WireValue[]})"/> that it imports are served from here.</summary>
    public Task<CreateInstanceResult> CreateInstanceAsync(string moduleId, InstanceLimits? limits = null, CancellationToken cancellationToken = default) =>
        CreateAsync(moduleId, limits, wasi: null, cancellationToken);

    private async Task<CreateInstanceResult> CreateAsync(string moduleId, InstanceLimits? limits, WasiOptions? wasi, CancellationToken cancellationToken)
    {
        var served = _moduleImports.TryGetValue(moduleId, out var imports)
            ? imports.Where(i => i.Kind == ExternKind.Func && _hostFunctions.Contains(i.Module, i.Name)).Select(i => new HostFunctionRef { Module = i.Module, Name = i.Name })
            : _hostFunctions.All;
        var instance = await _connection.InvokeAsync(WasmboxMethods.InstanceCreate,
            new CreateInstanceParams { ModuleId = moduleId, HostFunctions = [.. served], Limits = limits, Wasi = wasi }, cancellationToken).ConfigureAwait(false);
        _instanceExports[instance.InstanceId] = instance.Exports;
        return instance;
    }

    /// <summary>
    /// Instantiates a WASI module: the daemon serves its <c>wasi_snapshot_preview1</c> imports with
    /// <paramref name="wasi"/>'s arguments, environment and preopens (inside the daemon's allowed
    /// roots); other function imports are served from here, as for <see cref="CreateInstanceAsync"/>.
    /// Its output arrives through <see cref="Output"/>; with <see cref="WasiOptions.StreamStdin"/>,
    /// write its stdin with <see cref="WriteStdinAsync"/>.
    /// </summary>
    public Task<CreateInstanceResult> CreateWasiInstanceAsync(string moduleId, WasiOptions wasi, InstanceLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wasi);
        return CreateAsync(moduleId, limits, wasi, cancellationToken);
    }

    /// <summary>
    /// Appends to a WASI instance's streamed stdin; <paramref name="close"/> ends it after these
    /// bytes. Completes once the daemon has buffered them (it holds a bounded amount, so a guest
    /// that does not read holds the writer up).
    /// </summary>
    public Task WriteStdinAsync(string instanceId, byte[] bytes, bool close = false, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync(WasmboxMethods.InstanceStdin, new StdinParams { InstanceId = instanceId, Bytes = bytes, Close = close }, cancellationToken);

    /// <summary>Ends a WASI instance's streamed stdin: once the guest has read what was written, it reads end-of-file.</summary>
    public Task CloseStdinAsync(string instanceId, CancellationToken cancellationToken = default) =>
        WriteStdinAsync(instanceId, [], close: true, cancellationToken);

    /// <summary>
    /// Runs a WASI command: calls <paramref name="export"/> (no parameters) and returns the exit code,
    /// the one the guest gave proc_exit or 0 when it returned. A trap throws <see cref="RemoteRpcException"/>
    /// with the daemon's error data, as for <see cref="InvokeAsync"/>.
    /// </summary>
    public async Task<int> RunCommandAsync(string instanceId, string export = "_start", TimeSpan? deadline = null, CancellationToken cancellationToken = default)
    {
        var result = await _connection.InvokeAsync(WasmboxMethods.InstanceInvoke, new InvokeParams
        {
            InstanceId = instanceId,
            Export = export,
            DeadlineMs = Milliseconds(deadline),
        }, cancellationToken).ConfigureAwait(false);
        return result.ExitCode ?? 0;
    }

    /// <summary>Calls an export with typed values; the results come back typed by its signature.</summary>
    /// <param name="deadline">The call's wall-clock limit (default: the instance's, else the daemon's 30 s).</param>
    public async Task<WireValue[]> InvokeAsync(string instanceId, string export, WireValue[] args, TimeSpan? deadline = null, CancellationToken cancellationToken = default)
    {
        var result = await _connection.InvokeAsync(WasmboxMethods.InstanceInvoke, new InvokeParams
        {
            InstanceId = instanceId,
            Export = export,
            Args = WireValueJson.ToJson(args),
            DeadlineMs = Milliseconds(deadline),
        }, cancellationToken).ConfigureAwait(false);
        var types = ResultTypes(instanceId, export);
        return WireValueJson.FromJson(result.Results ?? [], types, "results");
    }

    public async Task<byte[]> ReadMemoryAsync(string instanceId, long offset, long length, string? memory = null, CancellationToken cancellationToken = default) =>
        (await _connection.InvokeAsync(WasmboxMethods.MemoryRead, new MemoryReadParams { InstanceId = instanceId, Offset = offset, Length = length, Memory = memory }, cancellationToken).ConfigureAwait(false)).Bytes;

    public Task WriteMemoryAsync(string instanceId, long offset, byte[] bytes, string? memory = null, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync(WasmboxMethods.MemoryWrite, new MemoryWriteParams { InstanceId = instanceId, Offset = offset, Bytes = bytes, Memory = memory }, cancellationToken);

    public async Task<WireValue> GetGlobalAsync(string instanceId, string name, CancellationToken cancellationToken = default)
    {
        var result = await _connection.InvokeAsync(WasmboxMethods.GlobalGet, new GlobalGetParams { InstanceId = instanceId, Name = name }, cancellationToken).ConfigureAwait(false);
        return WireValueJson.FromJson([result.Value], [result.Type], "value")[0];
    }

    public Task SetGlobalAsync(string instanceId, string name, WireValue value, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync(WasmboxMethods.GlobalSet, new GlobalSetParams { InstanceId = instanceId, Name = name, Value = WireValueJson.ToJson(value) }, cancellationToken);

    public async Task DisposeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await _connection.InvokeAsync(WasmboxMethods.InstanceDispose, new DisposeInstanceParams { InstanceId = instanceId }, cancellationToken).ConfigureAwait(false);
        _instanceExports.TryRemove(instanceId, out _);
    }

    /// <summary>Closes the session; the daemon frees everything this client made.</summary>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static long? Milliseconds(TimeSpan? deadline) => deadline is { } d ? (long)Math.Ceiling(d.TotalMilliseconds) : null;

    private WireValueType[] ResultTypes(string instanceId, string export) =>
        _instanceExports.TryGetValue(instanceId, out var exports) && exports.FirstOrDefault(e => e.Name == export && e.Kind == ExternKind.Func) is { } function
            ? function.Type.Results ?? []
            : throw new InvalidOperationException($"instance '{instanceId}' was not created by this client, or has no function export '{export}'");
}
