namespace Wasmbox.Protocol.Contract;

/// <summary>The result of <c>engine/info</c>.</summary>
public sealed record EngineInfoResult
{
    /// <summary>"wasmbox".</summary>
    public required string Name { get; init; }

    /// <summary>The daemon's version, e.g. "0.4.0".</summary>
    public required string Version { get; init; }

    /// <summary>The version of this API contract (<see cref="WasmboxProtocol.Version"/>).</summary>
    public required int ProtocolVersion { get; init; }

    /// <summary>What the daemon supports, as names from <see cref="WasmboxFeatures"/>.</summary>
    public required string[] Features { get; init; }
}

/// <summary>The protocol's version and names shared by both ends.</summary>
public static class WasmboxProtocol
{
    /// <summary>Raised on any change a client could notice; additions that old clients can ignore do not raise it.</summary>
    public const int Version = 1;
}

/// <summary>Feature names <c>engine/info</c> may list.</summary>
public static class WasmboxFeatures
{
    public const string Simd = "simd";
    public const string BulkMemory = "bulk-memory";
    public const string ReferenceTypes = "reference-types";
    public const string MultiValue = "multi-value";
    public const string Wasi = "wasi_snapshot_preview1";
    public const string HostCalls = "host-calls";
    public const string Deadlines = "deadlines";
}
