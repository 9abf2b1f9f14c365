using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using Wasmbox.Engine.Runtime;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// Memory instructions on memory 0: loads and stores with explicit bounds checks, memory.size and
// memory.grow, and the bulk instructions (memory.copy/fill/init, data.drop).
//
// Every access checks address + offset + size <= [r15 + Memory0Size] in 64-bit arithmetic (an i32
// address has a zero upper half, the offset is a u32, so the sum cannot overflow), then touches
// [r14 + address + offset]. The hot path is lea, cmp, ja to the function's one out-of-line trap
// site; a constant address folds into a compare with an immediate and a fixed displacement.
internal sealed partial class FunctionCompiler
{
    private bool CompileMemory(byte op, ref WasmReader reader)
    {
        switch (op)
        {
            case Opcode.I32Load: MemoryLoad(ref reader, ValType.I32, 4, signed: false); return true;
            case Opcode.I64Load: MemoryLoad(ref reader, ValType.I64, 8, signed: false); return true;
            case Opcode.F32Load: MemoryLoad(ref reader, ValType.F32, 4, signed: false); return true;
            case Opcode.F64Load: MemoryLoad(ref reader, ValType.F64, 8, signed: false); return true;
            case Opcode.I32Load8S: MemoryLoad(ref reader, ValType.I32, 1, signed: true); return true;
            case Opcode.I32Load8U: MemoryLoad(ref reader, ValType.I32, 1, signed: false); return true;
            case Opcode.I32Load16S: MemoryLoad(ref reader, ValType.I32, 2, signed: true); return true;
            case Opcode.I32Load16U: MemoryLoad(ref reader, ValType.I32, 2, signed: false); return true;
            case Opcode.I64Load8S: MemoryLoad(ref reader, ValType.I64, 1, signed: true); return true;
            case Opcode.I64Load8U: MemoryLoad(ref reader, ValType.I64, 1, signed: false); return true;
            case Opcode.I64Load16S: MemoryLoad(ref reader, ValType.I64, 2, signed: true); return true;
            case Opcode.I64Load16U: MemoryLoad(ref reader, ValType.I64, 2, signed: false); return true;
            case Opcode.I64Load32S: MemoryLoad(ref reader, ValType.I64, 4, signed: true); return true;
            case Opcode.I64Load32U: MemoryLoad(ref reader, ValType.I64, 4, signed: false); return true;
            case Opcode.I32Store: MemoryStore(ref reader, 4); return true;
            case Opcode.I64Store: MemoryStore(ref reader, 8); return true;
            case Opcode.F32Store: MemoryStore(ref reader, 4); return true;
            case Opcode.F64Store: MemoryStore(ref reader, 8); return true;
            case Opcode.I32Store8: MemoryStore(ref reader, 1); return true;
            case Opcode.I32Store16: MemoryStore(ref reader, 2); return true;
            case Opcode.I64Store8: MemoryStore(ref reader, 1); return true;
            case Opcode.I64Store16: MemoryStore(ref reader, 2); return true;
            case Opcode.I64Store32: MemoryStore(ref reader, 4); return true;
            case Opcode.MemorySize:
                reader.ReadByte();
                MemorySize();
                return true;
            case Opcode.MemoryGrow:
                reader.ReadByte();
                MemoryGrow();
                return true;
            case 0xFC:
                return CompileBulkMemory(ref reader);
            default:
                return false;
        }
    }

    /// <summary>The 0xFC instructions on memory; others are left unread for whoever handles them.</summary>
    private bool CompileBulkMemory(ref WasmReader reader)
    {
        var probe = reader;
        switch (probe.ReadVarU32())
        {
            case MiscOpcode.MemoryInit:
                uint segment = probe.ReadVarU32();
                probe.ReadByte();
                reader = probe;
                MemoryInit(segment);
                return true;
            case MiscOpcode.DataDrop:
                uint dropped = probe.ReadVarU32();
                reader = probe;
                DataDrop(dropped);
                return true;
            case MiscOpcode.MemoryCopy:
                probe.ReadByte();
                probe.ReadByte();
                reader = probe;
                MemoryCopy();
                return true;
            case MiscOpcode.MemoryFill:
                probe.ReadByte();
                reader = probe;
                MemoryFill();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads a memarg and returns its offset (the alignment is only a hint).</summary>
    private static uint ReadMemoryOffset(ref WasmReader reader)
    {
        reader.ReadVarU32();
        return reader.ReadVarU32();
    }

    private static MemoryOperand Memory0Size => Mem.At(R15, VMContextLayout.Memory0Size);

    /// <summary>
    /// Emits the bounds check for an access of <paramref name="size"/> bytes at
    /// <paramref name="address"/> (a 64-bit register, zero-extended i32) + <paramref name="offset"/>
    /// and returns the operand that reaches it. Clobbers r11 and the flags.
    /// </summary>
    private MemoryOperand CheckedAccess(Register address, uint offset, int size)
    {
        ulong end = (ulong)offset + (ulong)size;
        var trap = TrapLabel(TrapKind.OutOfBoundsMemoryAccess);
        if (end <= int.MaxValue)
        {
            _e.Lea(RegisterSet.ScratchGpr, Mem.At(address, (long)end));
            _e.Cmp(RegisterSet.ScratchGpr, Memory0Size);
            _e.Jcc(ConditionCode.a, trap);
            return Mem.At(R14, address, 1, offset);
        }

        // An offset of 2 GiB or more does not fit a displacement: reach the byte through the sum.
        _e.MovImm(RegisterSet.ScratchGpr, (long)end);
        _e.Add(RegisterSet.ScratchGpr, address);
        _e.Cmp(RegisterSet.ScratchGpr, Memory0Size);
        _e.Jcc(ConditionCode.a, trap);
        return Mem.At(R14, RegisterSet.ScratchGpr, 1, -size);
    }

    /// <summary>The bounds check and operand for a constant address. Clobbers r11 and the flags.</summary>
    private MemoryOperand CheckedAccess(uint address, uint offset, int size)
    {
        ulong effective = (ulong)address + offset;
        ulong end = effective + (ulong)size;
        var trap = TrapLabel(TrapKind.OutOfBoundsMemoryAccess);
        if (end <= int.MaxValue)
        {
            if (!IsMemoryAtLeast((long)end))
            {
                _e.Emit(Instruction.Create(Code.Cmp_rm64_imm32, Memory0Size, (int)end));
                _e.Jcc(ConditionCode.b, trap);
                RecordMemoryAtLeast((long)end);
            }

            return Mem.At(R14, (long)effective);
        }

        _e.MovImm(RegisterSet.ScratchGpr, (long)end);
        _e.Cmp(RegisterSet.ScratchGpr, Memory0Size);
        _e.Jcc(ConditionCode.a, trap);
        return Mem.At(R14, RegisterSet.ScratchGpr, 1, -size);
    }

    private void MemoryLoad(ref WasmReader reader, ValType type, int size, bool signed)
    {
        uint offset = ReadMemoryOffset(ref reader);
        if (Peek().Kind == OperandKind.LocalPlusConstant && !CanFold(Peek(), offset, size)) MaterializeLazyAddress(_height - 1);

        // A load whose value goes straight into a register local lands there.
        int local = PeekSetTarget(reader);
        var destination = Register.None;
        if (local >= 0)
        {
            CopyLocalReferences(local, _height - 1);
            destination = _localRegisters[local];
        }

        var address = Peek();
        switch (address.Kind)
        {
            case OperandKind.Constant:
                Pop();
                if (destination == Register.None) destination = Allocate(type);
                EmitLoad(type, size, signed, destination, CheckedAccess((uint)address.Constant, offset, size));
                break;
            case OperandKind.Local:
                // A register local is used as the address in place.
                Pop();
                if (destination == Register.None) destination = Allocate(type);
                EmitLoad(type, size, signed, destination, CheckedLocalAccess(address.Local, offset, size));
                break;
            case OperandKind.LocalPlusConstant:
                Pop();
                if (destination == Register.None) destination = Allocate(type);
                var target = destination;
                FoldedAccess(address, offset, size, source => EmitLoad(type, size, signed, target, source));
                break;
            default:
                var register = PopToRegister();
                var source = CheckedAccess(register, offset, size);

                // The address register holds the result of an integer load (it is read before written).
                if (destination != Register.None)
                {
                    Release(register);
                }
                else if (IsFloat(type))
                {
                    Release(register);
                    destination = Allocate(type, avoid: 1 << RegisterSet.Bit(register));
                }
                else
                {
                    destination = register;
                }

                EmitLoad(type, size, signed, destination, source);
                break;
        }

        if (local >= 0)
        {
            LocalWritten(local);
            Push(Operand.LocalRef(type, destination, local));
        }
        else
        {
            PushRegister(type, destination);
        }
    }

    private void EmitLoad(ValType type, int size, bool signed, Register destination, in MemoryOperand source)
    {
        switch (type)
        {
            case ValType.F32: _e.Movss(destination, source); break;
            case ValType.F64: _e.Movsd(destination, source); break;
            case ValType.I64 when size == 8: _e.Mov(destination, source); break;
            default:
                // i32 loads and the narrow i64 loads: a 32-bit destination zero-extends the rest.
                if (signed) _e.Movsx(type == ValType.I64 ? destination : GprWidth.Low32(destination), source, size);
                else _e.Movzx(destination, source, size);
                break;
        }
    }

    private void MemoryStore(ref WasmReader reader, int size)
    {
        uint offset = ReadMemoryOffset(ref reader);
        var type = Peek().Type;
        if (Peek().Kind == OperandKind.LocalPlusConstant) MaterializeLazyAddress(_height - 1);
        if (Peek(1).Kind == OperandKind.LocalPlusConstant && !CanFold(Peek(1), offset, size)) MaterializeLazyAddress(_height - 2);

        // A constant that fits an immediate is stored as one; anything else comes from a register
        // (a register local's own, or a temporary).
        bool immediate = Peek().Kind == OperandKind.Constant && (size < 8 || Peek().Constant == (int)Peek().Constant);
        long constant = 0;
        Register value = Register.None;
        bool ownsValue = false;
        int avoid = 0;
        if (immediate)
        {
            constant = Pop().Constant;
        }
        else if (Peek().Kind == OperandKind.Local)
        {
            value = Pop().Register;
        }
        else
        {
            value = PopToRegister();
            ownsValue = true;
            avoid = 1 << RegisterSet.Bit(value);
        }

        void Emit(MemoryOperand destination)
        {
            if (immediate)
            {
                switch (size)
                {
                    case 1: _e.Emit(Instruction.Create(Code.Mov_rm8_imm8, destination, (byte)constant)); break;
                    case 2: _e.Emit(Instruction.Create(Code.Mov_rm16_imm16, destination, (ushort)constant)); break;
                    case 4: _e.Emit(Instruction.Create(Code.Mov_rm32_imm32, destination, (uint)constant)); break;
                    default: _e.Emit(Instruction.Create(Code.Mov_rm64_imm32, destination, (int)constant)); break;
                }

                return;
            }

            switch (type)
            {
                case ValType.F32: _e.Movss(destination, value); break;
                case ValType.F64: _e.Movsd(destination, value); break;
                default:
                    var source = size switch
                    {
                        1 => Low8(value),
                        2 => Low16(value),
                        4 => GprWidth.Low32(value),
                        _ => value,
                    };
                    _e.Mov(destination, source);
                    break;
            }
        }

        var address = Peek();
        switch (address.Kind)
        {
            case OperandKind.Constant:
                Pop();
                Emit(CheckedAccess((uint)address.Constant, offset, size));
                break;
            case OperandKind.Local:
                Pop();
                Emit(CheckedLocalAccess(address.Local, offset, size));
                break;
            case OperandKind.LocalPlusConstant:
                Pop();
                FoldedAccess(address, offset, size, Emit);
                break;
            default:
                var register = PopToRegister(avoid);
                Emit(CheckedAccess(register, offset, size));
                Release(register);
                break;
        }

        if (ownsValue) Release(value);
    }

    private void MemorySize()
    {
        var register = Allocate(ValType.I32);
        _e.Mov(register, Memory0Size);
        _e.Shift(ShiftOp.Shr, register, 16);
        PushRegister(ValType.I32, register);
    }

    /// <summary>memory.grow through the runtime's helper; -1 (as an i32) when refused.</summary>
    private void MemoryGrow()
    {
        var delta = Pop();
        SaveLocalsForCall();
        SpillRegisters();
        switch (delta.Kind)
        {
            case OperandKind.Register or OperandKind.Local: _e.Mov(ESI, GprWidth.Low32(delta.Register)); break;
            case OperandKind.Constant: _e.MovImm(ESI, (uint)delta.Constant); break;
            default: _e.Mov(ESI, SlotOf(_height)); break;
        }

        _e.Mov(RDI, R15);
        CallNative(VMContextLayout.MemoryGrow);
        _e.Cmp(RAX, -1);
        _e.Jcc(ConditionCode.l, TrapLabel(TrapKind.HostError));
        _e.Mov(EAX, EAX);
        Claim(RAX);
        PushRegister(ValType.I32, RAX);
    }

    /// <summary>memory.copy: both ranges are checked before anything moves, then libc's memmove copies (overlap included).</summary>
    private void MemoryCopy()
    {
        PopArguments(RDI, RSI, RDX);
        CheckRange(RSI, RDX, Memory0Size);
        CheckRange(RDI, RDX, Memory0Size);
        _e.Add(RDI, R14);
        _e.Add(RSI, R14);
        CallNative(VMContextLayout.Memmove);
    }

    /// <summary>memory.fill: memset over the checked range (memset uses the value's low byte, as wasm does).</summary>
    private void MemoryFill()
    {
        PopArguments(RDI, RSI, RDX);
        CheckRange(RDI, RDX, Memory0Size);
        _e.Add(RDI, R14);
        CallNative(VMContextLayout.Memset);
    }

    /// <summary>memory.init: the segment's range and the memory's are checked before anything is copied.</summary>
    private void MemoryInit(uint segment)
    {
        PopArguments(RDI, RSI, RDX);
        var entry = DataSegmentEntry(segment);
        CheckRange(RSI, RDX, Mem.At(entry.Base, entry.Displacement + DataSegmentRef.LengthOffset));
        CheckRange(RDI, RDX, Memory0Size);
        _e.Add(RDI, R14);
        _e.Add(RSI, Mem.At(entry.Base, entry.Displacement + DataSegmentRef.AddressOffset));
        CallNative(VMContextLayout.Memmove);
    }

    /// <summary>data.drop: the segment's length becomes 0, so memory.init sees it as empty.</summary>
    private void DataDrop(uint segment)
    {
        var entry = DataSegmentEntry(segment);
        _e.Emit(Instruction.Create(Code.Mov_rm64_imm32, Mem.At(entry.Base, entry.Displacement + DataSegmentRef.LengthOffset), 0));
    }

    /// <summary>Points r11 (with a displacement) at the instance's entry for data segment <paramref name="segment"/>.</summary>
    private (Register Base, long Displacement) DataSegmentEntry(uint segment)
    {
        _e.Mov(RegisterSet.ScratchGpr, Mem.At(R15, VMContextLayout.DataSegments));
        long displacement = (long)segment * DataSegmentRef.Size;
        if (displacement + DataSegmentRef.Size <= int.MaxValue) return (RegisterSet.ScratchGpr, displacement);

        _e.MovImm(RAX, displacement);
        _e.Add(RegisterSet.ScratchGpr, RAX);
        return (RegisterSet.ScratchGpr, 0);
    }

    /// <summary>Traps unless start + length &lt;= the 64-bit bound at <paramref name="limit"/>; start and length are zero-extended i32s. Clobbers rax.</summary>
    private void CheckRange(Register start, Register length, in MemoryOperand limit)
    {
        _e.Lea(RAX, Mem.At(start, length, 1));
        _e.Cmp(RAX, limit);
        _e.Jcc(ConditionCode.a, TrapLabel(TrapKind.OutOfBoundsMemoryAccess));
    }

    /// <summary>
    /// Pops the top three i32 operands into <paramref name="first"/> (the deepest),
    /// <paramref name="second"/> and <paramref name="third"/> for a call: every other register value
    /// is spilled first, so afterwards no temporary holds anything but the arguments.
    /// </summary>
    private void PopArguments(Register first, Register second, Register third)
    {
        SaveLocalsForCall();
        int bottom = _height - 3;
        for (int depth = 0; depth < bottom; depth++)
        {
            if (_stack[depth].Kind == OperandKind.Register) SpillOperand(depth);
        }

        Span<Register> targets = [first, second, third];
        Span<Register> sources = stackalloc Register[3];
        for (int i = 0; i < 3; i++)
        {
            var operand = _stack[bottom + i];
            sources[i] = operand.IsInRegister ? operand.Register : Register.None;
        }

        // Register arguments first, as a parallel move: a target is written only once no other
        // pending argument still reads it; a cycle is broken through r11.
        int pending = 0;
        for (int i = 0; i < 3; i++)
        {
            if (sources[i] != Register.None && sources[i] != targets[i]) pending |= 1 << i;
        }

        while (pending != 0)
        {
            int ready = -1;
            for (int i = 0; i < 3 && ready < 0; i++)
            {
                if ((pending & (1 << i)) == 0) continue;
                bool read = false;
                for (int j = 0; j < 3; j++)
                {
                    if (j != i && (pending & (1 << j)) != 0 && sources[j] == targets[i]) read = true;
                }

                if (!read) ready = i;
            }

            if (ready < 0)
            {
                int i = System.Numerics.BitOperations.TrailingZeroCount(pending);
                _e.Mov(RegisterSet.ScratchGpr, sources[i]);
                sources[i] = RegisterSet.ScratchGpr;
                continue;
            }

            _e.Mov(GprWidth.Low32(targets[ready]), GprWidth.Low32(sources[ready]));
            pending &= ~(1 << ready);
        }

        // Then constants and slots, whose targets no register argument needs any more.
        for (int i = 0; i < 3; i++)
        {
            var operand = _stack[bottom + i];
            var target = GprWidth.Low32(targets[i]);
            if (operand.Kind == OperandKind.Constant) _e.MovImm(target, (uint)operand.Constant);
            else if (operand.Kind == OperandKind.Slot) _e.Mov(target, SlotOf(bottom + i));
        }

        while (_height > bottom) Pop();
    }

    /// <summary>Calls native code whose address is in the context at <paramref name="contextField"/> on a 16-byte-aligned stack.</summary>
    private void CallNative(int contextField)
    {
        BeginNativeCall();
        _e.Call(Mem.At(R15, contextField));
        EndNativeCall();
    }
}
