namespace Wasmbox.Engine.Binary;

/// <summary>
/// Decodes a WebAssembly 2.0 binary into a <see cref="WasmModule"/>: the header, then each section
/// in the order the spec fixes, custom sections anywhere. Function bodies are split off as byte
/// ranges with their local declarations; their instructions are left to the validator, which has
/// to walk them anyway, so the module is read once.
/// </summary>
public static partial class ModuleDecoder
{
    private const uint Magic = 0x6D736100; // "\0asm"
    private const uint Version = 1;

    /// <summary>
    /// Most locals one function may declare. The spec only bounds the total by 2^32; engines cap it
    /// (V8 and wasmparser at 50,000) so that a few bytes cannot demand gigabytes of frame.
    /// </summary>
    public const uint MaxFunctionLocals = 50_000;

    /// <summary>
    /// Decodes every section. The module keeps a reference to <paramref name="bytes"/>, which must
    /// not change afterwards. Throws <see cref="MalformedModuleException"/> for any malformed input.
    /// </summary>
    public static WasmModule Decode(ReadOnlyMemory<byte> bytes)
    {
        var state = new DecoderState(bytes);
        var reader = new WasmReader(bytes.Span);
        ReadHeader(ref reader);

        byte lastId = 0;
        while (!reader.AtEnd)
        {
            int idAt = reader.Position;
            byte id = reader.ReadByte();
            if (id > (byte)SectionId.DataCount) WasmReader.Throw("malformed section id", idAt);

            int size = reader.ReadLength();
            int start = reader.Position;
            int end = start + size;

            if (id != (byte)SectionId.Custom)
            {
                // Sections come in a fixed order, each at most once; data count sits between element and code.
                if (Order((SectionId)id) <= Order((SectionId)lastId) && lastId != 0)
                {
                    WasmReader.Throw("unexpected content after last section", idAt);
                }

                lastId = id;
            }

            // The spec's decoder does not confine a section's reads to its declared size; it reads
            // on and compares positions afterwards. Reading the same way gives the same errors.
            var section = new WasmReader(bytes.Span, start, bytes.Length);
            ReadSection((SectionId)id, ref section, end, state);
            if (section.Position != end) WasmReader.Throw("section size mismatch", section.Position);
            reader.Position = end;
        }

        return state.Build();
    }

    private static void ReadHeader(ref WasmReader reader)
    {
        var module = reader.Module;
        if (module.Length < 4) WasmReader.Throw("unexpected end", module.Length);
        if (reader.ReadFixedU32() != Magic) WasmReader.Throw("magic header not detected", 0);
        if (module.Length < 8) WasmReader.Throw("unexpected end", module.Length);
        if (reader.ReadFixedU32() != Version) WasmReader.Throw("unknown binary version", 4);
    }

    private static int Order(SectionId id) => id switch
    {
        SectionId.DataCount => 10, // after Element (9), before Code (10 -> 11)
        SectionId.Code => 11,
        SectionId.Data => 12,
        _ => (int)id,
    };

    private static void ReadSection(SectionId id, ref WasmReader r, int end, DecoderState state)
    {
        switch (id)
        {
            case SectionId.Custom: ReadCustomSection(ref r, end, state); break;
            case SectionId.Type: ReadTypeSection(ref r, state); break;
            case SectionId.Import: ReadImportSection(ref r, state); break;
            case SectionId.Function: ReadFunctionSection(ref r, state); break;
            case SectionId.Table: ReadTableSection(ref r, state); break;
            case SectionId.Memory: ReadMemorySection(ref r, state); break;
            case SectionId.Global: ReadGlobalSection(ref r, state); break;
            case SectionId.Export: ReadExportSection(ref r, state); break;
            case SectionId.Start: state.Start = r.ReadVarU32(); break;
            case SectionId.Element: ReadElementSection(ref r, state); break;
            case SectionId.Code: ReadCodeSection(ref r, end, state); break;
            case SectionId.Data: ReadDataSection(ref r, state); break;
            case SectionId.DataCount: state.DataCount = r.ReadVarU32(); break;
        }
    }
}

internal enum SectionId : byte
{
    Custom = 0,
    Type = 1,
    Import = 2,
    Function = 3,
    Table = 4,
    Memory = 5,
    Global = 6,
    Export = 7,
    Start = 8,
    Element = 9,
    Code = 10,
    Data = 11,
    DataCount = 12,
}
