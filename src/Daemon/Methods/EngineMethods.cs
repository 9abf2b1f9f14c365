using System.Reflection;
using Wasmbox.Daemon.Sessions;
using Wasmbox.Protocol.Contract;

namespace Wasmbox.Daemon.Methods;

/// <summary><c>engine/info</c>: what this daemon is and supports.</summary>
internal static class EngineMethods
{
    private static readonly string Version =
        typeof(EngineMethods).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// What a client can count on through this daemon. Not simd (v128 values cannot cross the call
    /// boundary).
    /// </summary>
    private static readonly string[] Features =
    [
        WasmboxFeatures.BulkMemory, WasmboxFeatures.ReferenceTypes, WasmboxFeatures.MultiValue,
        WasmboxFeatures.Wasi, WasmboxFeatures.HostCalls, WasmboxFeatures.Deadlines,
    ];

    public static void Register(Session session) =>
        session.Serve(WasmboxMethods.EngineInfo, (_, _) => ValueTask.FromResult(new EngineInfoResult
        {
            Name = "wasmbox",
            Version = Version,
            ProtocolVersion = WasmboxProtocol.Version,
            Features = Features,
        }));
}
