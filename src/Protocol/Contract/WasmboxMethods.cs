using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Protocol.Contract;

/// <summary>
/// Every method of the daemon's API. The names after the types are the order in which params given
/// by position (a JSON array) are taken; optional params come last.
/// </summary>
public static class WasmboxMethods
{
    private static WasmboxJsonContext Json => WasmboxJsonContext.Default;

    // Client → daemon.

    public static readonly RpcMethod<NoParams, EngineInfoResult> EngineInfo =
        new("engine/info", Json.NoParams, Json.EngineInfoResult);

    public static readonly RpcMethod<CompileModuleParams, CompileModuleResult> ModuleCompile =
        new("module/compile", Json.CompileModuleParams, Json.CompileModuleResult, "bytes");

    public static readonly RpcMethod<DisposeModuleParams, NoResult> ModuleDispose =
        new("module/dispose", Json.DisposeModuleParams, Json.NoResult, "moduleId");

    public static readonly RpcMethod<CreateInstanceParams, CreateInstanceResult> InstanceCreate =
        new("instance/create", Json.CreateInstanceParams, Json.CreateInstanceResult, "moduleId", "hostFunctions", "limits", "wasi");

    public static readonly RpcMethod<InvokeParams, InvokeResult> InstanceInvoke =
        new("instance/invoke", Json.InvokeParams, Json.InvokeResult, "instanceId", "export", "args", "deadlineMs");

    public static readonly RpcMethod<MemoryReadParams, MemoryReadResult> MemoryRead =
        new("instance/memory/read", Json.MemoryReadParams, Json.MemoryReadResult, "instanceId", "offset", "length", "memory");

    public static readonly RpcMethod<MemoryWriteParams, NoResult> MemoryWrite =
        new("instance/memory/write", Json.MemoryWriteParams, Json.NoResult, "instanceId", "offset", "bytes", "memory");

    public static readonly RpcMethod<GlobalGetParams, GlobalGetResult> GlobalGet =
        new("instance/global/get", Json.GlobalGetParams, Json.GlobalGetResult, "instanceId", "name");

    public static readonly RpcMethod<GlobalSetParams, NoResult> GlobalSet =
        new("instance/global/set", Json.GlobalSetParams, Json.NoResult, "instanceId", "name", "value");

    public static readonly RpcMethod<DisposeInstanceParams, NoResult> InstanceDispose =
        new("instance/dispose", Json.DisposeInstanceParams, Json.NoResult, "instanceId");

    public static readonly RpcMethod<StdinParams, NoResult> InstanceStdin =
        new("instance/stdin", Json.StdinParams, Json.NoResult, "instanceId", "bytes", "close");

    // Daemon → client.

    public static readonly RpcMethod<HostCallParams, HostCallResult> HostCall =
        new("host/call", Json.HostCallParams, Json.HostCallResult, "instanceId", "module", "name", "args");

    public static readonly RpcNotification<OutputParams> InstanceOutput =
        new("instance/output", Json.OutputParams, "instanceId", "stream", "bytes");
}
