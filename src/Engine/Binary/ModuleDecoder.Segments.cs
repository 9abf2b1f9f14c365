namespace Wasmbox.Engine.Binary;

public static partial class ModuleDecoder
{
    private static void ReadElementSection(ref WasmReader r, DecoderState state)
    {
        var segments = new ElementSegment[r.ReadCount()];
        for (int i = 0; i < segments.Length; i++) segments[i] = ReadElementSegment(ref r);
        state.Elements = segments;
    }

    /// <summary>
    /// The flags' three bits say: bit 0, passive or declarative rather than active; bit 1, an
    /// explicit table index (active) or declarative (otherwise); bit 2, items are expressions
    /// rather than function indices.
    /// </summary>
    private static ElementSegment ReadElementSegment(ref WasmReader r)
    {
        int at = r.Position;
        uint flags = r.ReadVarU32();
        if (flags > 7) WasmReader.Throw("malformed elements segment kind", at);

        bool passiveOrDeclarative = (flags & 1) != 0;
        bool explicitTableOrDeclarative = (flags & 2) != 0;
        bool usesExpressions = (flags & 4) != 0;
        var mode = passiveOrDeclarative
            ? (explicitTableOrDeclarative ? SegmentMode.Declarative : SegmentMode.Passive)
            : SegmentMode.Active;

        uint table = 0;
        ConstantExpression offset = default;
        if (mode == SegmentMode.Active)
        {
            if (explicitTableOrDeclarative) table = r.ReadVarU32();
            offset = InstructionSkipper.SkipConstantExpression(ref r);
        }

        // Flags 0 and 4 imply funcref; the others spell out an element kind or a reference type.
        var elementType = ValType.FuncRef;
        if (passiveOrDeclarative || explicitTableOrDeclarative)
        {
            if (usesExpressions)
            {
                elementType = r.ReadReferenceType();
            }
            else
            {
                int kindAt = r.Position;
                if (r.ReadByte() != 0x00) WasmReader.Throw("malformed element kind", kindAt);
            }
        }

        if (usesExpressions)
        {
            // Smallest item: one instruction byte and end.
            var items = new ConstantExpression[r.ReadCount()];
            for (int i = 0; i < items.Length; i++) items[i] = InstructionSkipper.SkipConstantExpression(ref r);
            return new ElementSegment { Mode = mode, ElementType = elementType, TableIndex = table, Offset = offset, Expressions = items };
        }

        var indices = new uint[r.ReadCount()];
        for (int i = 0; i < indices.Length; i++) indices[i] = r.ReadVarU32();
        return new ElementSegment { Mode = mode, ElementType = elementType, TableIndex = table, Offset = offset, FunctionIndices = indices };
    }

    private static void ReadDataSection(ref WasmReader r, DecoderState state)
    {
        var segments = new DataSegment[r.ReadCount()];
        for (int i = 0; i < segments.Length; i++)
        {
            int at = r.Position;
            uint flags = r.ReadVarU32();
            var mode = SegmentMode.Active;
            uint memory = 0;
            ConstantExpression offset = default;
            switch (flags)
            {
                case 0:
                    offset = InstructionSkipper.SkipConstantExpression(ref r);
                    break;
                case 1:
                    mode = SegmentMode.Passive;
                    break;
                case 2:
                    memory = r.ReadVarU32();
                    offset = InstructionSkipper.SkipConstantExpression(ref r);
                    break;
                default:
                    WasmReader.Throw("malformed data segment kind", at);
                    break;
            }

            int length = r.ReadLength();
            segments[i] = new DataSegment { Mode = mode, MemoryIndex = memory, Offset = offset, DataStart = r.Position, DataLength = length };
            r.Skip(length);
        }

        state.Data = segments;
    }

    private static void ReadCodeSection(ref WasmReader r, int sectionEnd, DecoderState state)
    {
        var bodies = new FunctionBody[r.ReadCount()];
        if (bodies.Length != state.DeclaredFunctionCount)
        {
            WasmReader.Throw("function and code section have inconsistent lengths", r.Position);
        }

        state.CodeSectionEnd = sectionEnd;
        for (int i = 0; i < bodies.Length; i++)
        {
            int size = r.ReadLength();
            int end = r.Position + size;
            bodies[i] = ReadFunctionBody(ref r, end, state);
            r.Position = end;
        }

        state.Codes = bodies;
    }

    private static FunctionBody ReadFunctionBody(ref WasmReader r, int bodyEnd, DecoderState state)
    {
        // Each run is a count and a type: at least two bytes.
        var runs = new LocalRun[r.ReadCount()];
        ulong total = 0;
        for (int i = 0; i < runs.Length; i++)
        {
            int at = r.Position;
            uint count = r.ReadVarU32();
            total += count;
            if (total > MaxFunctionLocals) WasmReader.Throw("too many locals", at);
            runs[i] = new LocalRun(count, r.ReadValType());
        }

        int codeStart = r.Position;
        int codeEnd = bodyEnd;
        if (codeStart > codeEnd) WasmReader.Throw("section size mismatch", codeEnd);
        if (codeEnd == codeStart || r.Module[codeEnd - 1] != Opcode.End)
        {
            ThrowMissingEnd(codeEnd, state);
        }

        return new FunctionBody { Locals = runs, LocalCount = (uint)total, CodeStart = codeStart, CodeEnd = codeEnd };
    }

    /// <summary>
    /// A body whose last byte is not <c>end</c>. The spec's decoder reads on past the body until it
    /// finds one, so what it reports depends on what follows; we give the same answer without reading on.
    /// </summary>
    private static void ThrowMissingEnd(int bodyEnd, DecoderState state)
    {
        if (bodyEnd >= state.Bytes.Length) WasmReader.Throw("unexpected end of section or function", bodyEnd);
        if (bodyEnd >= state.CodeSectionEnd) WasmReader.Throw("section size mismatch", bodyEnd);
        WasmReader.Throw("END opcode expected", bodyEnd);
    }
}
