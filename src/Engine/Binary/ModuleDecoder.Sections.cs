namespace Wasmbox.Engine.Binary;

public static partial class ModuleDecoder
{
    private static void ReadCustomSection(ref WasmReader r, int end, DecoderState state)
    {
        string name = r.ReadName();
        var custom = new CustomSection { Name = name, ContentStart = r.Position, ContentLength = end - r.Position };
        if (custom.ContentLength < 0 || end > r.Module.Length) r.ThrowUnexpectedEnd();
        state.CustomSections.Add(custom);
        if (name == "name" && state.Names is null)
        {
            state.Names = NameSectionDecoder.TryDecode(state.Bytes.Span, custom.ContentStart, end);
        }

        r.Position = end;
    }

    private static void ReadTypeSection(ref WasmReader r, DecoderState state)
    {
        // Smallest function type: the 0x60 form byte and two empty vectors.
        var types = new FuncType[r.ReadCount()];
        for (int i = 0; i < types.Length; i++)
        {
            int at = r.Position;
            if (r.ReadSignedByteLeb() != 0x60) WasmReader.Throw("malformed function type", at);
            var parameters = ReadValTypes(ref r);
            var results = ReadValTypes(ref r);
            types[i] = parameters.Length == 0 && results.Length == 0 ? FuncType.Empty : new FuncType(parameters, results);
        }

        state.Types = types;
    }

    private static ValType[] ReadValTypes(ref WasmReader r)
    {
        int count = r.ReadCount();
        if (count == 0) return [];
        var types = new ValType[count];
        for (int i = 0; i < types.Length; i++) types[i] = r.ReadValType();
        return types;
    }

    private static void ReadImportSection(ref WasmReader r, DecoderState state)
    {
        // Smallest import: two empty names, a kind byte and a one-byte description.
        var imports = new Import[r.ReadCount()];
        for (int i = 0; i < imports.Length; i++)
        {
            string module = r.ReadName();
            string name = r.ReadName();
            int kindAt = r.Position;
            byte kind = r.ReadByte();
            Import import;
            switch (kind)
            {
                case (byte)ExternalKind.Function:
                    uint typeIndex = r.ReadVarU32();
                    import = new Import { Module = module, Name = name, Kind = ExternalKind.Function, FunctionTypeIndex = typeIndex };
                    state.FunctionTypeIndices.Add(typeIndex);
                    state.ImportedFunctionCount++;
                    break;
                case (byte)ExternalKind.Table:
                    var table = ReadTableType(ref r);
                    import = new Import { Module = module, Name = name, Kind = ExternalKind.Table, Table = table };
                    state.Tables.Add(table);
                    state.ImportedTableCount++;
                    break;
                case (byte)ExternalKind.Memory:
                    var memory = new MemoryType(ReadLimits(ref r));
                    import = new Import { Module = module, Name = name, Kind = ExternalKind.Memory, Memory = memory };
                    state.Memories.Add(memory);
                    state.ImportedMemoryCount++;
                    break;
                case (byte)ExternalKind.Global:
                    var global = ReadGlobalType(ref r);
                    import = new Import { Module = module, Name = name, Kind = ExternalKind.Global, Global = global };
                    state.GlobalTypes.Add(global);
                    state.ImportedGlobalCount++;
                    break;
                default:
                    WasmReader.Throw("malformed import kind", kindAt);
                    return;
            }

            imports[i] = import;
        }

        state.Imports = imports;
    }

    private static void ReadFunctionSection(ref WasmReader r, DecoderState state)
    {
        int count = r.ReadCount();
        state.FunctionTypeIndices.Capacity = state.FunctionTypeIndices.Count + count;
        for (int i = 0; i < count; i++) state.FunctionTypeIndices.Add(r.ReadVarU32());
        state.DeclaredFunctionCount = count;
    }

    private static void ReadTableSection(ref WasmReader r, DecoderState state)
    {
        int count = r.ReadCount();
        for (int i = 0; i < count; i++) state.Tables.Add(ReadTableType(ref r));
    }

    private static void ReadMemorySection(ref WasmReader r, DecoderState state)
    {
        int count = r.ReadCount();
        for (int i = 0; i < count; i++) state.Memories.Add(new MemoryType(ReadLimits(ref r)));
    }

    private static void ReadGlobalSection(ref WasmReader r, DecoderState state)
    {
        // Smallest global: type, mutability, one-byte instruction and end.
        var globals = new GlobalDefinition[r.ReadCount()];
        for (int i = 0; i < globals.Length; i++)
        {
            var type = ReadGlobalType(ref r);
            var init = InstructionSkipper.SkipConstantExpression(ref r);
            globals[i] = new GlobalDefinition { Type = type, Init = init };
            state.GlobalTypes.Add(type);
        }

        state.Globals = globals;
    }

    private static void ReadExportSection(ref WasmReader r, DecoderState state)
    {
        var exports = new Export[r.ReadCount()];
        for (int i = 0; i < exports.Length; i++)
        {
            string name = r.ReadName();
            int kindAt = r.Position;
            byte kind = r.ReadByte();
            if (kind > (byte)ExternalKind.Global) WasmReader.Throw("malformed export kind", kindAt);
            exports[i] = new Export { Name = name, Kind = (ExternalKind)kind, Index = r.ReadVarU32() };
        }

        state.Exports = exports;
    }

    private static TableType ReadTableType(ref WasmReader r)
    {
        var elementType = r.ReadReferenceType();
        return new TableType(elementType, ReadLimits(ref r));
    }

    private static Limits ReadLimits(ref WasmReader r)
    {
        // Other flag bits belong to later proposals (shared memory, memory64) and are "too large" here.
        bool hasMax = r.ReadFlag();
        uint min = r.ReadVarU32();
        return new Limits(min, hasMax ? r.ReadVarU32() : null);
    }

    private static GlobalType ReadGlobalType(ref WasmReader r)
    {
        var type = r.ReadValType();
        int at = r.Position;
        byte mutability = r.ReadByte();
        if (mutability > 1) WasmReader.Throw("malformed mutability", at);
        return new GlobalType(type, mutability == 1);
    }
}
