using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>
/// The spec's context C, flattened into arrays indexed the way instructions index them, built once
/// per module so the body walk never searches or allocates.
/// </summary>
internal sealed class ValidationContext
{
    public ValidationContext(WasmModule module, FuncType[] functionTypes)
    {
        Module = module;
        Types = module.Types;
        FunctionTypes = functionTypes;
        FunctionTypeIndices = module.FunctionTypeIndices;
        ImportedFunctionCount = module.ImportedFunctionCount;
        TableElementTypes = new ValType[module.Tables.Length];
        for (int i = 0; i < TableElementTypes.Length; i++) TableElementTypes[i] = module.Tables[i].ElementType;
        MemoryCount = module.Memories.Length;
        Globals = module.GlobalTypes;
        ImportedGlobalCount = module.ImportedGlobalCount;
        ElementTypes = new ValType[module.Elements.Length];
        for (int i = 0; i < ElementTypes.Length; i++) ElementTypes[i] = module.Elements[i].ElementType;
        DataSegmentCount = module.Data.Length;
        DataCountMissing = module.DataCount is null && module.Data.Length > 0;
        DeclaredFunctionReferences = new bool[functionTypes.Length];
    }

    public WasmModule Module { get; }

    public FuncType[] Types { get; }

    /// <summary>The signature of every function, imports first; type indices already checked.</summary>
    public FuncType[] FunctionTypes { get; }

    public uint[] FunctionTypeIndices { get; }

    public int ImportedFunctionCount { get; }

    public ValType[] TableElementTypes { get; }

    public int MemoryCount { get; }

    public GlobalType[] Globals { get; }

    public int ImportedGlobalCount { get; }

    public ValType[] ElementTypes { get; }

    public int DataSegmentCount { get; }

    /// <summary>
    /// The binary format forbids memory.init and data.drop without a data count section. With no
    /// data segments at all, any data index is also unknown, and we report that instead: it is what
    /// the spec test suite expects of modules it writes in text (where the rule cannot apply) and
    /// converts to binaries without the section.
    /// </summary>
    public bool DataCountMissing { get; }

    /// <summary>
    /// C.refs: functions named outside function bodies (globals, element segments, exports). Only
    /// those may be the operand of ref.func inside a body.
    /// </summary>
    public bool[] DeclaredFunctionReferences { get; }
}
