using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// The abstract operand stack: pushing and popping values, handing out temporary registers, and
// spilling values to their slots when registers run out or control flow needs them in memory.
internal sealed partial class FunctionCompiler
{
    private Operand[] _stack = new Operand[64];
    private int _height;
    private int _usedRegisters;

    private static bool IsFloat(ValType type) => type is ValType.F32 or ValType.F64;

    private MemoryOperand SlotOf(int depth) => Mem.At(RBP, -8L * (_fixedSlots + 1 + depth));

    private void Push(Operand operand)
    {
        if (_height == _stack.Length) Array.Resize(ref _stack, _height * 2);
        _stack[_height++] = operand;
    }

    private void PushRegister(ValType type, Register register) => Push(Operand.InRegister(type, register));

    private Operand Pop()
    {
        var operand = _stack[--_height];
        if (operand.Kind == OperandKind.Register) Release(operand.Register);
        return operand;
    }

    private ref Operand Peek(int fromTop = 0) => ref _stack[_height - 1 - fromTop];

    private void Release(Register register) => _usedRegisters &= ~(1 << RegisterSet.Bit(register));

    private void Claim(Register register) => _usedRegisters |= 1 << RegisterSet.Bit(register);

    private bool IsFree(Register register) => (_usedRegisters & (1 << RegisterSet.Bit(register))) == 0;

    /// <summary>A free temporary of the class <paramref name="type"/> needs, spilling the deepest register value if none is free.</summary>
    private Register Allocate(ValType type, int avoid = 0)
    {
        var candidates = IsFloat(type) ? RegisterSet.Xmms : RegisterSet.Gprs;
        foreach (var register in candidates)
        {
            int bit = 1 << RegisterSet.Bit(register);
            if ((_usedRegisters & bit) == 0 && (avoid & bit) == 0)
            {
                _usedRegisters |= bit;
                return register;
            }
        }

        for (int depth = 0; depth < _height; depth++)
        {
            ref var operand = ref _stack[depth];
            if (operand.Kind == OperandKind.Register && IsFloat(operand.Type) == IsFloat(type)
                && (avoid & (1 << RegisterSet.Bit(operand.Register))) == 0)
            {
                var register = operand.Register;
                SpillOperand(depth);
                Claim(register);
                return register;
            }
        }

        throw new InvalidOperationException("no register could be freed");
    }

    /// <summary>Makes <paramref name="register"/> free for a fixed use (division, shift counts, call results).</summary>
    private void Evict(Register register)
    {
        if (IsFree(register)) return;
        for (int depth = 0; depth < _height; depth++)
        {
            ref var operand = ref _stack[depth];
            if (operand.Kind == OperandKind.Register && operand.Register == register)
            {
                var replacement = Allocate(operand.Type, avoid: 1 << RegisterSet.Bit(register));
                Move(operand.Type, replacement, register);
                Release(register);
                operand.Register = replacement;
                return;
            }
        }
    }

    /// <summary>Stores a register or constant operand into its slot.</summary>
    private void SpillOperand(int depth)
    {
        ref var operand = ref _stack[depth];
        switch (operand.Kind)
        {
            case OperandKind.Register:
                Store(operand.Type, SlotOf(depth), operand.Register);
                Release(operand.Register);
                break;
            case OperandKind.Local:
                Store(operand.Type, SlotOf(depth), operand.Register);
                break;
            case OperandKind.LocalPlusConstant:
                LoadLazyAddress(RegisterSet.ScratchGpr, operand);
                Store(operand.Type, SlotOf(depth), RegisterSet.ScratchGpr);
                break;
            case OperandKind.Constant:
                StoreConstant(operand.Type, SlotOf(depth), operand.Constant);
                break;
            default:
                return;
        }

        operand.Kind = OperandKind.Slot;
    }

    /// <summary>Spills every register value (calls clobber all temporaries); constants may stay.</summary>
    private void SpillRegisters()
    {
        for (int depth = 0; depth < _height; depth++)
        {
            if (_stack[depth].Kind == OperandKind.Register) SpillOperand(depth);
        }
    }

    /// <summary>Puts every operand from <paramref name="fromDepth"/> up into its slot.</summary>
    private void SpillAllFrom(int fromDepth)
    {
        for (int depth = fromDepth; depth < _height; depth++) SpillOperand(depth);
    }

    /// <summary>Pops the top value into a temporary register the caller then owns (and must push or release).</summary>
    private Register PopToRegister(int avoid = 0)
    {
        int depth = _height - 1;
        var operand = _stack[depth];
        _height--;
        if (operand.Kind == OperandKind.Register)
        {
            if ((avoid & (1 << RegisterSet.Bit(operand.Register))) == 0) return operand.Register;
            Release(operand.Register);
            var moved = Allocate(operand.Type, avoid);
            Move(operand.Type, moved, operand.Register);
            return moved;
        }

        var register = Allocate(operand.Type, avoid);
        if (operand.Kind == OperandKind.Constant) LoadConstant(operand.Type, register, operand.Constant);
        else if (operand.Kind == OperandKind.Local) Move(operand.Type, register, operand.Register);
        else if (operand.Kind == OperandKind.LocalPlusConstant) LoadLazyAddress(register, operand);
        else Load(operand.Type, register, SlotOf(depth));
        return register;
    }

    private static Register Sized(ValType type, Register register) =>
        type == ValType.I32 ? GprWidth.Low32(register) : register;

    private void Move(ValType type, Register destination, Register source)
    {
        if (destination == source) return;
        if (IsFloat(type)) _e.Movaps(destination, source);
        else _e.Mov(Sized(type, destination), Sized(type, source));
    }

    private void Load(ValType type, Register destination, in MemoryOperand source)
    {
        switch (type)
        {
            case ValType.F32: _e.Movss(destination, source); break;
            case ValType.F64: _e.Movsd(destination, source); break;
            default: _e.Mov(Sized(type, destination), source); break;
        }
    }

    private void Store(ValType type, in MemoryOperand destination, Register source)
    {
        switch (type)
        {
            case ValType.F32: _e.Movss(destination, source); break;
            case ValType.F64: _e.Movsd(destination, source); break;
            default: _e.Mov(destination, Sized(type, source)); break;
        }
    }

    private void LoadConstant(ValType type, Register destination, long bits)
    {
        if (!IsFloat(type))
        {
            _e.MovImm(Sized(type, destination), type == ValType.I32 ? (uint)bits : bits);
            return;
        }

        if (bits == 0)
        {
            _e.Sse(SseOp.Xorps, destination, destination);
            return;
        }

        _e.MovImm(RegisterSet.ScratchGpr, bits);
        if (type == ValType.F32) _e.Movd(destination, GprWidth.Low32(RegisterSet.ScratchGpr));
        else _e.Movq(destination, RegisterSet.ScratchGpr);
    }

    private void StoreConstant(ValType type, in MemoryOperand destination, long bits)
    {
        bool wide = type is ValType.I64 or ValType.F64 or ValType.FuncRef or ValType.ExternRef;
        if (!wide)
        {
            _e.Emit(Instruction.Create(Code.Mov_rm32_imm32, destination, (uint)bits));
        }
        else if (bits == (int)bits)
        {
            _e.Emit(Instruction.Create(Code.Mov_rm64_imm32, destination, (int)bits));
        }
        else
        {
            _e.MovImm(RegisterSet.ScratchGpr, bits);
            _e.Mov(destination, RegisterSet.ScratchGpr);
        }
    }

    /// <summary>Copies the value of <paramref name="operand"/> (at <paramref name="depth"/>) into a memory location.</summary>
    private void CopyTo(in Operand operand, int depth, in MemoryOperand destination)
    {
        switch (operand.Kind)
        {
            case OperandKind.Register:
            case OperandKind.Local:
                Store(operand.Type, destination, operand.Register);
                break;
            case OperandKind.Constant:
                StoreConstant(operand.Type, destination, operand.Constant);
                break;
            case OperandKind.LocalPlusConstant:
                LoadLazyAddress(RegisterSet.ScratchGpr, operand);
                Store(operand.Type, destination, RegisterSet.ScratchGpr);
                break;
            default:
                if (IsFloat(operand.Type))
                {
                    Load(operand.Type, RegisterSet.ScratchXmm, SlotOf(depth));
                    Store(operand.Type, destination, RegisterSet.ScratchXmm);
                }
                else
                {
                    _e.Mov(RegisterSet.ScratchGpr, SlotOf(depth));
                    _e.Mov(destination, RegisterSet.ScratchGpr);
                }

                break;
        }
    }
}
