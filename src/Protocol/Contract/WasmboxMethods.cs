using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Protocol.Contract;

/// <summary>
/// Every method of the daemon's API. The names after the types are the order in which params given
/// by position (a JSON array) are taken; optional params come last.
/// </summary>
/// <remarks>
/// Each descriptor is made on first use, not when the class is first touched: making one builds the
/// JSON metadata of its params and result, which a short-lived client (one <c>wasmbox run</c>)
/// mostly would not use. Much of that metadata is framework generic code over our types that
/// ReadyToRun cannot precompile, so building it all cost about 600 JIT-compiled methods at start
/// (docs/design.md, "Start-up"). Two threads racing for a first use still get the same descriptor.
/// </remarks>
public static class WasmboxMethods
{
    private static WasmboxJsonContext Json => WasmboxJsonContext.Default;

    // Client → daemon.

    public static RpcMethod<NoParams, EngineInfoResult> EngineInfo =>
        Once(ref field, static () => new("engine/info", Json.NoParams, Json.EngineInfoResult));

    public static RpcMethod<CompileModuleParams, CompileModuleResult> ModuleCompile =>
        Once(ref field, static () => new("module/compile", Json.CompileModuleParams, Json.CompileModuleResult, "bytes"));

    public static RpcMethod<DisposeModuleParams, NoResult> ModuleDispose =>
        Once(ref field, static () => new("module/dispose", Json.DisposeModuleParams, Json.NoResult, "moduleId"));

    public static RpcMethod<CreateInstanceParams, CreateInstanceResult> InstanceCreate =>
        Once(ref field, static () => new("instance/create", Json.CreateInstanceParams, Json.CreateInstanceResult, "moduleId", "hostFunctions", "limits", "wasi"));

    public static RpcMethod<InvokeParams, InvokeResult> InstanceInvoke =>
        Once(ref field, static () => new("instance/invoke", Json.InvokeParams, Json.InvokeResult, "instanceId", "export", "args", "deadlineMs"));

    public static RpcMethod<MemoryReadParams, MemoryReadResult> MemoryRead =>
        Once(ref field, static () => new("instance/memory/read", Json.MemoryReadParams, Json.MemoryReadResult, "instanceId", "offset", "length", "memory"));

    public static RpcMethod<MemoryWriteParams, NoResult> MemoryWrite =>
        Once(ref field, static () => new("instance/memory/write", Json.MemoryWriteParams, Json.NoResult, "instanceId", "offset", "bytes", "memory"));

    public static RpcMethod<GlobalGetParams, GlobalGetResult> GlobalGet =>
        Once(ref field, static () => new("instance/global/get", Json.GlobalGetParams, Json.GlobalGetResult, "instanceId", "name"));

    public static RpcMethod<GlobalSetParams, NoResult> GlobalSet =>
        Once(ref field, static () => new("instance/global/set", Json.GlobalSetParams, Json.NoResult, "instanceId", "name", "value"));

    public static RpcMethod<DisposeInstanceParams, NoResult> InstanceDispose =>
        Once(ref field, static () => new("instance/dispose", Json.DisposeInstanceParams, Json.NoResult, "instanceId"));

    public static RpcMethod<StdinParams, NoResult> InstanceStdin =>
        Once(ref field, static () => new("instance/stdin", Json.StdinParams, Json.NoResult, "instanceId", "bytes", "close"));

    // Daemon → client.

    public static RpcMethod<HostCallParams, HostCallResult> HostCall =>
        Once(ref field, static () => new("host/call", Json.HostCallParams, Json.HostCallResult, "instanceId", "module", "name", "args"));

    public static RpcNotification<OutputParams> InstanceOutput =>
        Once(ref field, static () => new("instance/output", Json.OutputParams, "instanceId", "stream", "bytes"));

    /// <summary>The descriptor in <paramref name="slot"/>, made by <paramref name="create"/> if there is none yet; the first one stored wins.</summary>
    private static T Once<T>(ref T? slot, Func<T> create) where T : class =>
        Volatile.Read(ref slot) ?? Interlocked.CompareExchange(ref slot, create(), null) ?? slot;
}
