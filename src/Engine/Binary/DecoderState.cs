namespace Wasmbox.Engine.Binary;

/// <summary>What the decoder has gathered so far; becomes a <see cref="WasmModule"/> at the end.</summary>
internal sealed class DecoderState
{
    public DecoderState(ReadOnlyMemory<byte> bytes) => Bytes = bytes;

    public ReadOnlyMemory<byte> Bytes { get; }
    public FuncType[] Types { get; set; } = [];
    public Import[] Imports { get; set; } = [];
    public List<uint> FunctionTypeIndices { get; } = [];
    public List<TableType> Tables { get; } = [];
    public List<MemoryType> Memories { get; } = [];
    public List<GlobalType> GlobalTypes { get; } = [];
    public int ImportedFunctionCount { get; set; }
    public int ImportedTableCount { get; set; }
    public int ImportedMemoryCount { get; set; }
    public int ImportedGlobalCount { get; set; }
    public GlobalDefinition[] Globals { get; set; } = [];
    public Export[] Exports { get; set; } = [];
    public uint? Start { get; set; }
    public ElementSegment[] Elements { get; set; } = [];
    public uint? DataCount { get; set; }

    /// <summary>Number of entries the function section declared; the code section must match it.</summary>
    public int DeclaredFunctionCount { get; set; }
    public FunctionBody[]? Codes { get; set; }

    /// <summary>Where the code section ends, for telling apart the ways a body can lack its final end.</summary>
    public int CodeSectionEnd { get; set; }
    public DataSegment[]? Data { get; set; }
    public List<CustomSection> CustomSections { get; } = [];
    public NameSection? Names { get; set; }

    public WasmModule Build()
    {
        int end = Bytes.Length;
        if ((Codes?.Length ?? 0) != DeclaredFunctionCount)
        {
            WasmReader.Throw("function and code section have inconsistent lengths", end);
        }

        if (DataCount is { } count && count != (uint)(Data?.Length ?? 0))
        {
            WasmReader.Throw("data count and data section have inconsistent lengths", end);
        }

        return new WasmModule
        {
            Bytes = Bytes,
            Types = Types,
            Imports = Imports,
            FunctionTypeIndices = [.. FunctionTypeIndices],
            ImportedFunctionCount = ImportedFunctionCount,
            Tables = [.. Tables],
            ImportedTableCount = ImportedTableCount,
            Memories = [.. Memories],
            ImportedMemoryCount = ImportedMemoryCount,
            GlobalTypes = [.. GlobalTypes],
            ImportedGlobalCount = ImportedGlobalCount,
            Globals = Globals,
            Exports = Exports,
            StartFunction = Start,
            Elements = Elements,
            DataCount = DataCount,
            Codes = Codes ?? [],
            Data = Data ?? [],
            CustomSections = [.. CustomSections],
            Names = Names,
        };
    }
}
