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
        Once(ref field, static () => new(EngineInfoName, Json.NoParams, Json.EngineInfoResult));

    public static RpcMethod<CompileModuleParams, CompileModuleResult> ModuleCompile =>
        Once(ref field, static () => new(ModuleCompileName, Json.CompileModuleParams, Json.CompileModuleResult, "bytes"));

    public static RpcMethod<DisposeModuleParams, NoResult> ModuleDispose =>
        Once(ref field, static () => new(ModuleDisposeName, Json.DisposeModuleParams, Json.NoResult, "moduleId"));

    public static RpcMethod<CreateInstanceParams, CreateInstanceResult> InstanceCreate =>
        Once(ref field, static () => new(InstanceCreateName, Json.CreateInstanceParams, Json.CreateInstanceResult, "moduleId", "hostFunctions", "limits", "wasi"));

    public static RpcMethod<InvokeParams, InvokeResult> InstanceInvoke =>
        Once(ref field, static () => new(InstanceInvokeName, Json.InvokeParams, Json.InvokeResult, "instanceId", "export", "args", "deadlineMs"));

    public static RpcMethod<MemoryReadParams, MemoryReadResult> MemoryRead =>
        Once(ref field, static () => new(MemoryReadName, Json.MemoryReadParams, Json.MemoryReadResult, "instanceId", "offset", "length", "memory"));

    public static RpcMethod<MemoryWriteParams, NoResult> MemoryWrite =>
        Once(ref field, static () => new(MemoryWriteName, Json.MemoryWriteParams, Json.NoResult, "instanceId", "offset", "bytes", "memory"));

    public static RpcMethod<GlobalGetParams, GlobalGetResult> GlobalGet =>
        Once(ref field, static () => new(GlobalGetName, Json.GlobalGetParams, Json.GlobalGetResult, "instanceId", "name"));

    public static RpcMethod<GlobalSetParams, NoResult> GlobalSet =>
        Once(ref field, static () => new(GlobalSetName, Json.GlobalSetParams, Json.NoResult, "instanceId", "name", "value"));

    public static RpcMethod<DisposeInstanceParams, NoResult> InstanceDispose =>
        Once(ref field, static () => new(InstanceDisposeName, Json.DisposeInstanceParams, Json.NoResult, "instanceId"));

    public static RpcMethod<StdinParams, NoResult> InstanceStdin =>
        Once(ref field, static () => new(InstanceStdinName, Json.StdinParams, Json.NoResult, "instanceId", "bytes", "close"));

    // Daemon → client.

    public static RpcMethod<HostCallParams, HostCallResult> HostCall =>
        Once(ref field, static () => new(HostCallName, Json.HostCallParams, Json.HostCallResult, "instanceId", "module", "name", "args"));

    public static RpcNotification<OutputParams> InstanceOutput =>
        Once(ref field, static () => new(InstanceOutputName, Json.OutputParams, "instanceId", "stream", "bytes"));

    // The method names, for callers that make untyped calls (RpcMethod<JsonElement, JsonElement>).

    public const string EngineInfoName = "engine/info";
    public const string ModuleCompileName = "module/compile";
    public const string ModuleDisposeName = "module/dispose";
    public const string InstanceCreateName = "instance/create";
    public const string InstanceInvokeName = "instance/invoke";
    public const string MemoryReadName = "instance/memory/read";
    public const string MemoryWriteName = "instance/memory/write";
    public const string GlobalGetName = "instance/global/get";
    public const string GlobalSetName = "instance/global/set";
    public const string InstanceDisposeName = "instance/dispose";
    public const string InstanceStdinName = "instance/stdin";
    public const string HostCallName = "host/call";
    public const string InstanceOutputName = "instance/output";

    /// <summary>The descriptor in <paramref name="slot"/>, made by <paramref name="create"/> if there is none yet; the first one stored wins.</summary>
    private static T Once<T>(ref T? slot, Func<T> create) where T : class =>
        Volatile.Read(ref slot) ?? Interlocked.CompareExchange(ref slot, create(), null) ?? slot;
}
