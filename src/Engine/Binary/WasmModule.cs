namespace Wasmbox.Engine.Binary;

/// <summary>
/// A decoded module: every section of the binary, not yet validated. Index spaces (functions,
/// tables, memories, globals) put imports first, as the spec numbers them; the <c>All*</c> arrays
/// give the whole index space so later stages never have to splice imports and definitions.
/// The module keeps the binary it came from: function bodies, constant expressions and data
/// segments are byte ranges into it.
/// </summary>
public sealed class WasmModule
{
    public required ReadOnlyMemory<byte> Bytes { get; init; }

    public required FuncType[] Types { get; init; }
    public required Import[] Imports { get; init; }

    /// <summary>Type index of every function, imported ones first.</summary>
    public required uint[] FunctionTypeIndices { get; init; }
    public required int ImportedFunctionCount { get; init; }

    /// <summary>Every table, imported ones first.</summary>
    public required TableType[] Tables { get; init; }
    public required int ImportedTableCount { get; init; }

    /// <summary>Every memory, imported ones first.</summary>
    public required MemoryType[] Memories { get; init; }
    public required int ImportedMemoryCount { get; init; }

    /// <summary>The type of every global, imported ones first.</summary>
    public required GlobalType[] GlobalTypes { get; init; }
    public required int ImportedGlobalCount { get; init; }

    /// <summary>Globals the module defines, with their initializers (index = global index - imported count).</summary>
    public required GlobalDefinition[] Globals { get; init; }

    public required Export[] Exports { get; init; }
    public uint? StartFunction { get; init; }
    public required ElementSegment[] Elements { get; init; }
    public uint? DataCount { get; init; }

    /// <summary>Bodies of the functions the module defines (index = function index - imported count).</summary>
    public required FunctionBody[] Codes { get; init; }
    public required DataSegment[] Data { get; init; }
    public required CustomSection[] CustomSections { get; init; }
    public NameSection? Names { get; init; }

    public FuncType GetFunctionType(uint functionIndex) => Types[FunctionTypeIndices[functionIndex]];

    /// <summary>A function's name from the name section, or <c>null</c>.</summary>
    public string? GetFunctionName(uint functionIndex) =>
        Names?.FunctionNames.TryGetValue(functionIndex, out var name) == true ? name : null;
}
