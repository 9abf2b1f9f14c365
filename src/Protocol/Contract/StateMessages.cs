using System.Text.Json;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Protocol.Contract;

/// <summary>Params of <c>instance/memory/read</c>.</summary>
public sealed record MemoryReadParams
{
    public required string InstanceId { get; init; }

    /// <summary>The exported memory's name; absent for the instance's only (or first exported) memory.</summary>
    public string? Memory { get; init; }

    public required long Offset { get; init; }
    public required long Length { get; init; }
}

/// <summary>Result of <c>instance/memory/read</c>.</summary>
public sealed record MemoryReadResult
{
    public required byte[] Bytes { get; init; }
}

/// <summary>Params of <c>instance/memory/write</c>.</summary>
public sealed record MemoryWriteParams
{
    public required string InstanceId { get; init; }
    public string? Memory { get; init; }
    public required long Offset { get; init; }
    public required byte[] Bytes { get; init; }
}

/// <summary>Params of <c>instance/global/get</c>.</summary>
public sealed record GlobalGetParams
{
    public required string InstanceId { get; init; }

    /// <summary>The exported global's name.</summary>
    public required string Name { get; init; }
}

/// <summary>Result of <c>instance/global/get</c>.</summary>
public sealed record GlobalGetResult
{
    /// <summary>The value in canonical form.</summary>
    public required JsonElement Value { get; init; }

    /// <summary>The global's type, so that a client without the export list can read the value.</summary>
    public required WireValueType Type { get; init; }
}

/// <summary>Params of <c>instance/global/set</c> (the global must be mutable).</summary>
public sealed record GlobalSetParams
{
    public required string InstanceId { get; init; }
    public required string Name { get; init; }
    public required JsonElement Value { get; init; }
}
