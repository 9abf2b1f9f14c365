namespace Wasmbox.Engine.Binary;

/// <summary>One import. Exactly one of the type fields is meaningful, chosen by <see cref="Kind"/>.</summary>
public sealed class Import
{
    public required string Module { get; init; }
    public required string Name { get; init; }
    public required ExternalKind Kind { get; init; }

    /// <summary>Type index, for a function import.</summary>
    public uint FunctionTypeIndex { get; init; }

    public TableType? Table { get; init; }
    public MemoryType? Memory { get; init; }
    public GlobalType Global { get; init; }
}

public sealed class Export
{
    public required string Name { get; init; }
    public required ExternalKind Kind { get; init; }
    public required uint Index { get; init; }
}
