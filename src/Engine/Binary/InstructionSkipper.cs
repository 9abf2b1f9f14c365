namespace Wasmbox.Engine.Binary;

/// <summary>
/// Steps over instructions without interpreting them, using the immediate shapes from
/// <see cref="OpcodeTable"/>. The decoder needs this to find where a constant expression ends,
/// and a validator that stops early uses it to look for malformed encodings further on.
/// </summary>
public static class InstructionSkipper
{
    /// <summary>Reads one instruction and returns its opcode (prefixed ones as 0xFC/0xFD).</summary>
    public static byte Skip(ref WasmReader reader)
    {
        int at = reader.Position;
        byte opcode = reader.ReadByte();
        OpcodeInfo? info;
        uint sub = 0;
        switch (opcode)
        {
            case 0xFC:
                sub = reader.ReadVarU32();
                info = sub < (uint)OpcodeTable.Misc.Length ? OpcodeTable.Misc[sub] : null;
                break;
            case 0xFD:
                sub = reader.ReadVarU32();
                info = sub < (uint)OpcodeTable.Simd.Length ? OpcodeTable.Simd[sub] : null;
                break;
            default:
                info = OpcodeTable.Core[opcode];
                break;
        }

        if (info is not { } known)
        {
            if (opcode is 0xFC or 0xFD) InstructionDecoding.ThrowIllegalOpcode(opcode, sub, at);
            InstructionDecoding.ThrowIllegalOpcode(opcode, at);
            return 0;
        }

        SkipImmediates(ref reader, known.Immediate);
        return opcode;
    }

    public static void SkipImmediates(ref WasmReader reader, ImmediateKind kind)
    {
        switch (kind)
        {
            case ImmediateKind.None:
                break;
            case ImmediateKind.BlockType:
                InstructionDecoding.ReadBlockType(ref reader);
                break;
            case ImmediateKind.Index:
                reader.ReadVarU32();
                break;
            case ImmediateKind.BrTable:
                int count = reader.ReadCount();
                for (int i = 0; i <= count; i++) reader.ReadVarU32();
                break;
            case ImmediateKind.CallIndirect:
            case ImmediateKind.TwoIndices:
                reader.ReadVarU32();
                reader.ReadVarU32();
                break;
            case ImmediateKind.MemArg:
                InstructionDecoding.ReadMemArg(ref reader);
                break;
            case ImmediateKind.ZeroByte:
                InstructionDecoding.ExpectZeroByte(ref reader);
                break;
            case ImmediateKind.ZeroZero:
                InstructionDecoding.ExpectZeroByte(ref reader);
                InstructionDecoding.ExpectZeroByte(ref reader);
                break;
            case ImmediateKind.IndexZero:
                reader.ReadVarU32();
                InstructionDecoding.ExpectZeroByte(ref reader);
                break;
            case ImmediateKind.I32:
                reader.ReadVarS32();
                break;
            case ImmediateKind.I64:
                reader.ReadVarS64();
                break;
            case ImmediateKind.F32:
                reader.Skip(4);
                break;
            case ImmediateKind.F64:
                reader.Skip(8);
                break;
            case ImmediateKind.SelectTypes:
                InstructionDecoding.ReadSelectTypes(ref reader, out _);
                break;
            case ImmediateKind.HeapType:
                reader.ReadReferenceType();
                break;
            case ImmediateKind.V128:
            case ImmediateKind.Shuffle:
                reader.Skip(16);
                break;
            case ImmediateKind.Lane:
                reader.ReadByte();
                break;
            case ImmediateKind.MemArgLane:
                InstructionDecoding.ReadMemArg(ref reader);
                reader.ReadByte();
                break;
            default:
                throw new InvalidOperationException($"unhandled immediate kind {kind}");
        }
    }

    /// <summary>
    /// Steps over a constant expression: instructions up to the <c>end</c> that closes it. Nested
    /// blocks are tracked only so that the right <c>end</c> is found; whether the instructions are
    /// allowed is the validator's question.
    /// </summary>
    public static ConstantExpression SkipConstantExpression(ref WasmReader reader)
    {
        int start = reader.Position;
        int depth = 0;
        while (true)
        {
            byte opcode = Skip(ref reader);
            switch (opcode)
            {
                case Opcode.Block:
                case Opcode.Loop:
                case Opcode.If:
                    depth++;
                    break;
                case Opcode.End:
                    if (depth == 0) return new ConstantExpression(start, reader.Position);
                    depth--;
                    break;
            }
        }
    }
}
