namespace Wasmbox.Protocol.Contract;

/// <summary>Params of <c>module/compile</c>.</summary>
public sealed record CompileModuleParams
{
    /// <summary>The module's binary (base64 on the wire).</summary>
    public required byte[] Bytes { get; init; }
}

/// <summary>Result of <c>module/compile</c>.</summary>
public sealed record CompileModuleResult
{
    /// <summary>An opaque id, valid on this connection until <c>module/dispose</c>.</summary>
    public required string ModuleId { get; init; }

    public required ImportDescriptor[] Imports { get; init; }
    public required ExportDescriptor[] Exports { get; init; }
}

/// <summary>Params of <c>module/dispose</c>.</summary>
public sealed record DisposeModuleParams
{
    public required string ModuleId { get; init; }
}
