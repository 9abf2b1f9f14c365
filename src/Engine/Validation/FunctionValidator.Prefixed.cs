using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>The 0xFC (saturating truncation, bulk memory, tables) and 0xFD (SIMD) instructions.</summary>
internal sealed partial class FunctionValidator
{
    private void Misc(ref WasmReader reader, int at)
    {
        uint sub = reader.ReadVarU32();
        switch (sub)
        {
            case <= 0x07:
                Apply(in CoreOperators.SaturatingTruncations[sub]);
                break;
            case 0x08: // memory.init
            {
                uint data = reader.ReadVarU32();
                InstructionDecoding.ExpectZeroByte(ref reader);
                if (_context.DataCountMissing) InstructionDecoding.ThrowDataCountRequired(at);
                RequireMemory();
                if (data >= (uint)_context.DataSegmentCount) UnknownIndex("data segment", data);
                PopThreeI32();
                break;
            }

            case 0x09: // data.drop
            {
                uint data = reader.ReadVarU32();
                if (_context.DataCountMissing) InstructionDecoding.ThrowDataCountRequired(at);
                if (data >= (uint)_context.DataSegmentCount) UnknownIndex("data segment", data);
                break;
            }

            case 0x0A: // memory.copy
                InstructionDecoding.ExpectZeroByte(ref reader);
                InstructionDecoding.ExpectZeroByte(ref reader);
                RequireMemory();
                PopThreeI32();
                break;
            case 0x0B: // memory.fill
                InstructionDecoding.ExpectZeroByte(ref reader);
                RequireMemory();
                PopThreeI32();
                break;
            case 0x0C: // table.init elem table
            {
                uint element = reader.ReadVarU32();
                var tableType = Table(reader.ReadVarU32());
                var elementType = Element(element);
                if (tableType != elementType) _operands.ThrowMismatch(tableType, elementType);
                PopThreeI32();
                break;
            }

            case 0x0D: // elem.drop
                Element(reader.ReadVarU32());
                break;
            case 0x0E: // table.copy destination source
            {
                var destination = Table(reader.ReadVarU32());
                var source = Table(reader.ReadVarU32());
                if (destination != source) _operands.ThrowMismatch(destination, source);
                PopThreeI32();
                break;
            }

            case 0x0F: // table.grow
            {
                var elementType = Table(reader.ReadVarU32());
                _operands.Pop(ValType.I32);
                _operands.Pop(elementType);
                _operands.Push(ValType.I32);
                break;
            }

            case 0x10: // table.size
                Table(reader.ReadVarU32());
                _operands.Push(ValType.I32);
                break;
            case 0x11: // table.fill
            {
                var elementType = Table(reader.ReadVarU32());
                _operands.Pop(ValType.I32);
                _operands.Pop(elementType);
                _operands.Pop(ValType.I32);
                break;
            }

            default:
                InstructionDecoding.ThrowIllegalOpcode(0xFC, sub, at);
                break;
        }
    }

    private void PopThreeI32()
    {
        _operands.Pop(ValType.I32);
        _operands.Pop(ValType.I32);
        _operands.Pop(ValType.I32);
    }

    /// <summary>The element type of an element segment, which must exist.</summary>
    private ValType Element(uint segment)
    {
        var elements = _context.ElementTypes;
        if (segment >= (uint)elements.Length) UnknownIndex("elem segment", segment);
        return elements[segment];
    }

    private void Simd(ref WasmReader reader, int at)
    {
        uint sub = reader.ReadVarU32();
        if (sub == SimdOperators.Const)
        {
            reader.Skip(16);
            _operands.Push(ValType.V128);
            return;
        }

        if (sub == SimdOperators.Shuffle)
        {
            var lanes = reader.ReadBytes(16);
            foreach (byte lane in lanes)
            {
                if (lane >= 32) Fail("invalid lane index");
            }

            _operands.Binary(ValType.V128, ValType.V128, ValType.V128);
            return;
        }

        if (sub > 0xFF) InstructionDecoding.ThrowIllegalOpcode(0xFD, sub, at);
        ref readonly var o = ref SimdOperators.Table[sub];
        switch (o.Kind)
        {
            case OperatorKind.Plain:
                break;
            case OperatorKind.Memory:
                CheckMemArg(InstructionDecoding.ReadMemArg(ref reader), o.MaxAlign);
                break;
            case OperatorKind.MemoryLane:
            {
                uint align = InstructionDecoding.ReadMemArg(ref reader);
                byte lane = reader.ReadByte();
                CheckMemArg(align, o.MaxAlign);
                if (lane >= o.Lanes) Fail("invalid lane index");
                break;
            }

            case OperatorKind.Lane:
                if (reader.ReadByte() >= o.Lanes) Fail("invalid lane index");
                break;
            default:
                InstructionDecoding.ThrowIllegalOpcode(0xFD, sub, at);
                break;
        }

        Apply(in o);
    }
}
