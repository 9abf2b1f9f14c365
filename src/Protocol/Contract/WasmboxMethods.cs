using System.Text.Json.Serialization.Metadata;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Protocol.Contract;

/// <summary>
/// Every method of the daemon's API. The names after the types are the order in which params given
/// by position (a JSON array) are taken; optional params come last.
/// </summary>
/// <remarks>
/// The descriptors' JSON metadata is made ready on first use, not with the descriptors: a short-lived
/// client (<c>wasmbox info</c>) uses one or two methods, and the metadata of each message type is
/// framework generic code over our types that ReadyToRun cannot precompile, so making all of it
/// ready at once cost about 600 JIT-compiled methods at start (docs/design.md, "Start-up").
/// </remarks>
public static class WasmboxMethods
{
    // Client → daemon.

    public static readonly RpcMethod<NoParams, EngineInfoResult> EngineInfo =
        new("engine/info", Contract<NoParams>(), Contract<EngineInfoResult>());

    public static readonly RpcMethod<CompileModuleParams, CompileModuleResult> ModuleCompile =
        new("module/compile", Contract<CompileModuleParams>(), Contract<CompileModuleResult>(), "bytes");

    public static readonly RpcMethod<DisposeModuleParams, NoResult> ModuleDispose =
        new("module/dispose", Contract<DisposeModuleParams>(), Contract<NoResult>(), "moduleId");

    public static readonly RpcMethod<CreateInstanceParams, CreateInstanceResult> InstanceCreate =
        new("instance/create", Contract<CreateInstanceParams>(), Contract<CreateInstanceResult>(), "moduleId", "hostFunctions", "limits", "wasi");

    public static readonly RpcMethod<InvokeParams, InvokeResult> InstanceInvoke =
        new("instance/invoke", Contract<InvokeParams>(), Contract<InvokeResult>(), "instanceId", "export", "args", "deadlineMs");

    public static readonly RpcMethod<MemoryReadParams, MemoryReadResult> MemoryRead =
        new("instance/memory/read", Contract<MemoryReadParams>(), Contract<MemoryReadResult>(), "instanceId", "offset", "length", "memory");

    public static readonly RpcMethod<MemoryWriteParams, NoResult> MemoryWrite =
        new("instance/memory/write", Contract<MemoryWriteParams>(), Contract<NoResult>(), "instanceId", "offset", "bytes", "memory");

    public static readonly RpcMethod<GlobalGetParams, GlobalGetResult> GlobalGet =
        new("instance/global/get", Contract<GlobalGetParams>(), Contract<GlobalGetResult>(), "instanceId", "name");

    public static readonly RpcMethod<GlobalSetParams, NoResult> GlobalSet =
        new("instance/global/set", Contract<GlobalSetParams>(), Contract<NoResult>(), "instanceId", "name", "value");

    public static readonly RpcMethod<DisposeInstanceParams, NoResult> InstanceDispose =
        new("instance/dispose", Contract<DisposeInstanceParams>(), Contract<NoResult>(), "instanceId");

    public static readonly RpcMethod<StdinParams, NoResult> InstanceStdin =
        new("instance/stdin", Contract<StdinParams>(), Contract<NoResult>(), "instanceId", "bytes", "close");

    // Daemon → client.

    public static readonly RpcMethod<HostCallParams, HostCallResult> HostCall =
        new("host/call", Contract<HostCallParams>(), Contract<HostCallResult>(), "instanceId", "module", "name", "args");

    public static readonly RpcNotification<OutputParams> InstanceOutput =
        new("instance/output", Contract<OutputParams>(), "instanceId", "stream", "bytes");

    /// <summary>
    /// <typeparamref name="T"/>'s metadata from the source-generated context, as a resolver hands it
    /// out: not yet configured, so its members' metadata is built by the first (de)serialization.
    /// The context's own properties (<c>WasmboxJsonContext.Default.X</c>) return it configured.
    /// </summary>
    private static JsonTypeInfo<T> Contract<T>() =>
        (JsonTypeInfo<T>)((IJsonTypeInfoResolver)WasmboxJsonContext.Default).GetTypeInfo(typeof(T), WasmboxJsonContext.Default.Options)!;
}
