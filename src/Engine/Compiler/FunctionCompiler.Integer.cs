using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using Wasmbox.Engine.Runtime;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// Integer arithmetic, comparisons and conversions between integer types. An i32 in a 64-bit
// register always has its upper half zero (every 32-bit x86 operation leaves it so).
internal sealed partial class FunctionCompiler
{
    private bool CompileInteger(byte op)
    {
        switch (op)
        {
            // eqz and the comparisons: CompileCondition.
            case Opcode.I32Clz: BitCount(ValType.I32, Code.Lzcnt_r32_rm32); return true;
            case Opcode.I32Ctz: BitCount(ValType.I32, Code.Tzcnt_r32_rm32); return true;
            case Opcode.I32Popcnt: BitCount(ValType.I32, Code.Popcnt_r32_rm32); return true;
            case Opcode.I64Clz: BitCount(ValType.I64, Code.Lzcnt_r64_rm64); return true;
            case Opcode.I64Ctz: BitCount(ValType.I64, Code.Tzcnt_r64_rm64); return true;
            case Opcode.I64Popcnt: BitCount(ValType.I64, Code.Popcnt_r64_rm64); return true;
            case Opcode.I32Add: Binary(ValType.I32, AluOp.Add); return true;
            case Opcode.I32Sub: Binary(ValType.I32, AluOp.Sub); return true;
            case Opcode.I32And: Binary(ValType.I32, AluOp.And); return true;
            case Opcode.I32Or: Binary(ValType.I32, AluOp.Or); return true;
            case Opcode.I32Xor: Binary(ValType.I32, AluOp.Xor); return true;
            case Opcode.I64Add: Binary(ValType.I64, AluOp.Add); return true;
            case Opcode.I64Sub: Binary(ValType.I64, AluOp.Sub); return true;
            case Opcode.I64And: Binary(ValType.I64, AluOp.And); return true;
            case Opcode.I64Or: Binary(ValType.I64, AluOp.Or); return true;
            case Opcode.I64Xor: Binary(ValType.I64, AluOp.Xor); return true;
            case Opcode.I32Mul: Multiply(ValType.I32); return true;
            case Opcode.I64Mul: Multiply(ValType.I64); return true;
            case Opcode.I32DivS: Divide(ValType.I32, signed: true, remainder: false); return true;
            case Opcode.I32DivU: Divide(ValType.I32, signed: false, remainder: false); return true;
            case Opcode.I32RemS: Divide(ValType.I32, signed: true, remainder: true); return true;
            case Opcode.I32RemU: Divide(ValType.I32, signed: false, remainder: true); return true;
            case Opcode.I64DivS: Divide(ValType.I64, signed: true, remainder: false); return true;
            case Opcode.I64DivU: Divide(ValType.I64, signed: false, remainder: false); return true;
            case Opcode.I64RemS: Divide(ValType.I64, signed: true, remainder: true); return true;
            case Opcode.I64RemU: Divide(ValType.I64, signed: false, remainder: true); return true;
            case Opcode.I32Shl: ShiftBy(ValType.I32, ShiftOp.Shl); return true;
            case Opcode.I32ShrS: ShiftBy(ValType.I32, ShiftOp.Sar); return true;
            case Opcode.I32ShrU: ShiftBy(ValType.I32, ShiftOp.Shr); return true;
            case Opcode.I32Rotl: ShiftBy(ValType.I32, ShiftOp.Rol); return true;
            case Opcode.I32Rotr: ShiftBy(ValType.I32, ShiftOp.Ror); return true;
            case Opcode.I64Shl: ShiftBy(ValType.I64, ShiftOp.Shl); return true;
            case Opcode.I64ShrS: ShiftBy(ValType.I64, ShiftOp.Sar); return true;
            case Opcode.I64ShrU: ShiftBy(ValType.I64, ShiftOp.Shr); return true;
            case Opcode.I64Rotl: ShiftBy(ValType.I64, ShiftOp.Rol); return true;
            case Opcode.I64Rotr: ShiftBy(ValType.I64, ShiftOp.Ror); return true;
            case Opcode.I32WrapI64: Convert(ValType.I32, (d, s) => _e.Mov(GprWidth.Low32(d), GprWidth.Low32(s))); return true;
            case Opcode.I64ExtendI32S: Convert(ValType.I64, (d, s) => _e.Emit(Instruction.Create(Code.Movsxd_r64_rm32, d, GprWidth.Low32(s)))); return true;
            case Opcode.I64ExtendI32U: Convert(ValType.I64, (d, s) => _e.Mov(GprWidth.Low32(d), GprWidth.Low32(s))); return true;
            case Opcode.I32Extend8S: Convert(ValType.I32, (d, s) => _e.Emit(Instruction.Create(Code.Movsx_r32_rm8, GprWidth.Low32(d), Low8(s)))); return true;
            case Opcode.I32Extend16S: Convert(ValType.I32, (d, s) => _e.Emit(Instruction.Create(Code.Movsx_r32_rm16, GprWidth.Low32(d), Low16(s)))); return true;
            case Opcode.I64Extend8S: Convert(ValType.I64, (d, s) => _e.Emit(Instruction.Create(Code.Movsx_r64_rm8, d, Low8(s)))); return true;
            case Opcode.I64Extend16S: Convert(ValType.I64, (d, s) => _e.Emit(Instruction.Create(Code.Movsx_r64_rm16, d, Low16(s)))); return true;
            case Opcode.I64Extend32S: Convert(ValType.I64, (d, s) => _e.Emit(Instruction.Create(Code.Movsxd_r64_rm32, d, GprWidth.Low32(s)))); return true;
            default: return false;
        }
    }

    private static readonly ConditionCode[] ComparisonConditions =
    [
        ConditionCode.e, ConditionCode.ne, ConditionCode.l, ConditionCode.b, ConditionCode.g,
        ConditionCode.a, ConditionCode.le, ConditionCode.be, ConditionCode.ge, ConditionCode.ae,
    ];

    private static Register Low8(Register register) => register switch
    {
        RAX => AL, RCX => CL, RDX => DL, RBX => BL, RSI => SIL, RDI => DIL,
        R8 => R8L, R9 => R9L, R10 => R10L, R11 => R11L, R12 => R12L, R13 => R13L, R14 => R14L, R15 => R15L,
        _ => throw new ArgumentOutOfRangeException(nameof(register)),
    };

    private static Register Low16(Register register) => register switch
    {
        RAX => AX, RCX => CX, RDX => DX, RBX => BX, RSI => SI, RDI => DI,
        R8 => R8W, R9 => R9W, R10 => R10W, R11 => R11W, R12 => R12W, R13 => R13W, R14 => R14W, R15 => R15W,
        _ => throw new ArgumentOutOfRangeException(nameof(register)),
    };

    /// <summary>Applies <c>op lhs, rhs</c> with the right-hand side as a register, immediate or slot.</summary>
    private void ApplyRight(ValType type, Register left, in Operand right, int rightDepth, Action<Register, Register> withRegister, Action<Register, MemoryOperand> withMemory, Action<Register, int>? withImmediate)
    {
        var l = Sized(type, left);
        switch (right.Kind)
        {
            case OperandKind.Register:
            case OperandKind.Local:
                withRegister(l, Sized(type, right.Register));
                break;
            case OperandKind.Constant when withImmediate is not null && (type == ValType.I32 || right.Constant == (int)right.Constant):
                withImmediate(l, (int)right.Constant);
                break;
            case OperandKind.Constant:
                var scratch = Sized(type, RegisterSet.ScratchGpr);
                _e.MovImm(scratch, type == ValType.I32 ? (uint)right.Constant : right.Constant);
                withRegister(l, scratch);
                break;
            default:
                withMemory(l, SlotOf(rightDepth));
                break;
        }
    }

    /// <summary>
    /// When the next instruction sets a register local (<see cref="_setTarget"/>), computes
    /// <c>left op right</c> straight into that register and leaves a reference to it, which the
    /// local.set then finds already in place. False (nothing emitted) when that does not work.
    /// </summary>
    /// <param name="lea">Add or Sub when the operation may be a lea into the local (Cmp: never).</param>
    private bool TryBinaryInPlace(ValType type, bool commutative, Action<Register, Register> withRegister, Action<Register, MemoryOperand> withMemory, Action<Register, int>? withImmediate, AluOp lea = AluOp.Cmp) =>
        TryBinaryInPlace(type, commutative, (into, other, depth) => ApplyRight(type, into, other, depth, withRegister, withMemory, withImmediate), lea);

    /// <param name="apply">Emits <c>into = into op other</c>, other being the operand at the depth given.</param>
    private bool TryBinaryInPlace(ValType type, bool commutative, Action<Register, Operand, int> apply, AluOp lea = AluOp.Cmp)
    {
        int local = _setTarget;
        if (local < 0) return false;
        _setTarget = -1;
        int leftDepth = _height - 2;
        int rightDepth = _height - 1;
        bool leftIsLocal = _stack[leftDepth].Kind == OperandKind.Local && _stack[leftDepth].Local == local;
        bool rightIsLocal = _stack[rightDepth].Kind == OperandKind.Local && _stack[rightDepth].Local == local;
        int intoDepth = leftDepth;
        int otherDepth = rightDepth;
        if (rightIsLocal && !leftIsLocal)
        {
            // local = other - local cannot be computed in the local's register.
            if (!commutative) return false;
            (intoDepth, otherDepth) = (rightDepth, leftDepth);
        }

        var home = _localRegisters[local];
        CopyLocalReferences(local, leftDepth);
        LocalWritten(local);
        var into = _stack[intoDepth];
        var other = _stack[otherDepth];
        if (into.Kind == OperandKind.Local && into.Local == local)
        {
            apply(home, other, otherDepth);
        }
        else if (lea != AluOp.Cmp && into.IsInRegister && intoDepth == leftDepth && other.Kind is OperandKind.Constant or OperandKind.Local or OperandKind.Register
            && CanLea(type, lea, other))
        {
            EmitLea(type, lea, home, into.Register, other);
            if (type == ValType.I32 && into.Kind == OperandKind.Local && other.Kind == OperandKind.Constant)
            {
                int constant = (int)other.Constant;
                DeriveCheckedRange(local, into.Local, lea == AluOp.Sub ? -(long)constant : constant);
            }
        }
        else
        {
            SetRegisterFrom(type, home, into, intoDepth);
            apply(home, other, otherDepth);
        }

        Pop();
        Pop();
        Push(Operand.LocalRef(type, home, local));
        return true;
    }

    /// <summary>Whether <c>left op right</c> (op Add or Sub, left in a register) can be one lea: plus a register, or plus or minus a 32-bit constant.</summary>
    private static bool CanLea(ValType type, AluOp op, in Operand right)
    {
        if (op is not (AluOp.Add or AluOp.Sub)) return false;
        if (right.Kind == OperandKind.Constant)
        {
            if (type == ValType.I32) return true;
            long displacement = op == AluOp.Sub ? -right.Constant : right.Constant;
            return right.Constant != long.MinValue && displacement == (int)displacement;
        }

        return op == AluOp.Add && right.IsInRegister;
    }

    /// <summary>
    /// <c>lea destination, [left + right]</c> (or minus a constant). For an i32 the 32-bit
    /// destination keeps the low half of the 64-bit sum, which is the wrapped i32 sum, zero-extended.
    /// </summary>
    private void EmitLea(ValType type, AluOp op, Register destination, Register left, in Operand right)
    {
        MemoryOperand address;
        if (right.Kind == OperandKind.Constant)
        {
            long displacement = type == ValType.I32 ? (int)(uint)right.Constant : right.Constant;
            if (op == AluOp.Sub) displacement = type == ValType.I32 ? unchecked(-(int)displacement) : -displacement;
            address = Mem.At(left, displacement);
        }
        else
        {
            address = Mem.At(left, right.Register, 1);
        }

        _e.Lea(Sized(type, destination), address);
    }

    /// <summary>As <see cref="TryBinaryInPlace"/> for an operation on the top value alone.</summary>
    /// <param name="fromSource">If given: emits <c>destination = op source</c> in one instruction, used when the value is in another register.</param>
    private bool TryUnaryInPlace(ValType type, Action<Register> emit, Action<Register, Register>? fromSource = null)
    {
        int local = _setTarget;
        if (local < 0) return false;
        _setTarget = -1;
        int depth = _height - 1;
        var home = _localRegisters[local];
        CopyLocalReferences(local, depth);
        LocalWritten(local);
        var value = _stack[depth];
        if (value.Kind == OperandKind.Local && value.Local == local)
        {
            emit(home);
        }
        else if (fromSource is not null && value.IsInRegister)
        {
            fromSource(home, value.Register);
        }
        else
        {
            SetRegisterFrom(type, home, value, depth);
            emit(home);
        }

        Pop();
        Push(Operand.LocalRef(type, home, local));
        return true;
    }

    /// <summary>Puts the value of <paramref name="operand"/> (at <paramref name="depth"/>) into <paramref name="register"/>; the operand stays as it is.</summary>
    private void SetRegisterFrom(ValType type, Register register, in Operand operand, int depth)
    {
        switch (operand.Kind)
        {
            case OperandKind.Register:
            case OperandKind.Local:
                Move(type, register, operand.Register);
                break;
            case OperandKind.Constant:
                LoadConstant(type, register, operand.Constant);
                break;
            case OperandKind.LocalPlusConstant:
                LoadLazyAddress(register, operand);
                break;
            default:
                Load(type, register, SlotOf(depth));
                break;
        }
    }

    /// <summary>
    /// Pops both operands of a two-address operation: the left into a temporary the caller owns
    /// (the result goes there), the right as it is. For a <paramref name="commutative"/> operation
    /// whose right operand already has a temporary and whose left does not, the roles swap, saving a copy.
    /// </summary>
    private (Register Left, Operand Right, int RightDepth) PopPair(bool commutative)
    {
        var right = _stack[_height - 1];
        var left = _stack[_height - 2];
        if (commutative && right.Kind == OperandKind.Register && left.Kind != OperandKind.Register)
        {
            _height -= 2;
            return (right.Register, left, _height);
        }

        return PopPair();
    }

    private (Register Left, Operand Right, int RightDepth) PopPair()
    {
        var right = Pop();
        int rightDepth = _height;
        int avoid = right.Kind == OperandKind.Register ? 1 << RegisterSet.Bit(right.Register) : 0;
        var left = PopToRegister(avoid);
        return (left, right, rightDepth);
    }

    private void Binary(ValType type, AluOp op)
    {
        if (_setTarget >= 0 && TryBinaryInPlace(type, commutative: op != AluOp.Sub,
            (l, r) => _e.Alu(op, l, r),
            (l, m) => _e.Alu(op, l, m),
            (l, i) => _e.Alu(op, l, i),
            lea: op is AluOp.Add or AluOp.Sub ? op : AluOp.Cmp))
        {
            return;
        }

        // A register local plus a constant or another register local: lea into a fresh temporary.
        if (_stack[_height - 2].Kind == OperandKind.Local && _stack[_height - 1].Kind is OperandKind.Constant or OperandKind.Local
            && CanLea(type, op, _stack[_height - 1]))
        {
            var sum = Allocate(type);
            var leftLocal = _stack[_height - 2];
            EmitLea(type, op, sum, leftLocal.Register, _stack[_height - 1]);
            Pop();
            Pop();
            PushRegister(type, sum);
            return;
        }

        var (left, right, rightDepth) = PopPair(commutative: op != AluOp.Sub);
        ApplyRight(type, left, right, rightDepth,
            (l, r) => _e.Alu(op, l, r),
            (l, m) => _e.Alu(op, l, m),
            (l, i) => _e.Alu(op, l, i));
        PushRegister(type, left);
    }

    private void Multiply(ValType type)
    {
        bool wide = type == ValType.I64;
        if (_setTarget >= 0 && TryBinaryInPlace(type, commutative: true,
            (l, r) => _e.Imul(l, r),
            (l, m) => _e.Emit(Instruction.Create(wide ? Code.Imul_r64_rm64 : Code.Imul_r32_rm32, l, m)),
            (l, i) => _e.Emit(Instruction.Create(wide ? Code.Imul_r64_rm64_imm32 : Code.Imul_r32_rm32_imm32, l, l, i))))
        {
            return;
        }

        var (left, right, rightDepth) = PopPair(commutative: true);
        ApplyRight(type, left, right, rightDepth,
            (l, r) => _e.Imul(l, r),
            (l, m) => _e.Emit(Instruction.Create(wide ? Code.Imul_r64_rm64 : Code.Imul_r32_rm32, l, m)),
            (l, i) => _e.Emit(Instruction.Create(wide ? Code.Imul_r64_rm64_imm32 : Code.Imul_r32_rm32_imm32, l, l, i)));
        PushRegister(type, left);
    }

    private void Eqz(ValType type)
    {
        var value = PopToRegister();
        var sized = Sized(type, value);
        _e.Test(sized, sized);
        _e.Setcc(ConditionCode.e, Low8(value));
        _e.Movzx(GprWidth.Low32(value), Low8(value));
        PushRegister(ValType.I32, value);
    }

    private void BitCount(ValType type, Code code)
    {
        var value = PopToRegister();
        var sized = Sized(type, value);
        _e.Emit(Instruction.Create(code, sized, sized));
        PushRegister(type, value);
    }

    private void Convert(ValType resultType, Action<Register, Register> emit)
    {
        var value = PopToRegister();
        emit(value, value);
        PushRegister(resultType, value);
    }

    private void ShiftBy(ValType type, ShiftOp op)
    {
        int mask = type == ValType.I32 ? 31 : 63;
        if (Peek().Kind == OperandKind.Constant)
        {
            int count = (int)(Pop().Constant & mask);

            // BMI2's rorx rotates a register local into another register without a copy first.
            Action<Register, Register>? rotate = null;
            if (op is ShiftOp.Rol or ShiftOp.Ror && count != 0 && System.Runtime.Intrinsics.X86.Bmi2.IsSupported)
            {
                int right = op == ShiftOp.Ror ? count : (mask + 1 - count) & mask;
                var rorx = type == ValType.I32 ? Code.VEX_Rorx_r32_rm32_imm8 : Code.VEX_Rorx_r64_rm64_imm8;
                rotate = (destination, source) => _e.Emit(Instruction.Create(rorx, Sized(type, destination), Sized(type, source), right));
            }

            if (_setTarget >= 0 && TryUnaryInPlace(type, r =>
                {
                    if (count != 0) _e.Shift(op, Sized(type, r), (byte)count);
                },
                rotate))
            {
                return;
            }

            if (rotate is not null && Peek().Kind == OperandKind.Local)
            {
                var source = Pop().Register;
                var rotated = Allocate(type);
                rotate(rotated, source);
                PushRegister(type, rotated);
                return;
            }

            var target = PopToRegister();
            if (count != 0) _e.Shift(op, Sized(type, target), (byte)count);
            PushRegister(type, target);
            return;
        }

        // The count must be in cl (x86 masks it to 5 or 6 bits, exactly as wasm wants).
        Evict(RCX);
        Claim(RCX);
        var countOperand = Pop();
        switch (countOperand.Kind)
        {
            case OperandKind.Register or OperandKind.Local: _e.Mov(ECX, GprWidth.Low32(countOperand.Register)); break;
            default: _e.Mov(ECX, SlotOf(_height)); break;
        }

        var value = PopToRegister(avoid: 1 << RegisterSet.Bit(RCX));
        _e.ShiftByCl(op, Sized(type, value));
        Release(RCX);
        PushRegister(type, value);
    }

    /// <summary>
    /// div/rem through rdx:rax. Traps on a zero divisor and, for signed division, on
    /// MIN / -1; MIN rem -1 is 0 by wasm's rules (x86 would fault), so -1 takes a path of its own.
    /// </summary>
    private void Divide(ValType type, bool signed, bool remainder)
    {
        Evict(RAX);
        Claim(RAX);
        Evict(RDX);
        Claim(RDX);
        var divisor = PopToRegister(avoid: (1 << RegisterSet.Bit(RAX)) | (1 << RegisterSet.Bit(RDX)));
        var dividend = Pop();
        int dividendDepth = _height;
        var rax = Sized(type, RAX);
        switch (dividend.Kind)
        {
            case OperandKind.Register or OperandKind.Local: Move(type, RAX, dividend.Register); break;
            case OperandKind.Constant: LoadConstant(type, RAX, dividend.Constant); break;
            default: Load(type, RAX, SlotOf(dividendDepth)); break;
        }

        var d = Sized(type, divisor);
        _e.Test(d, d);
        _e.Jcc(ConditionCode.e, TrapLabel(TrapKind.IntegerDivideByZero));

        var done = _e.NewLabel();
        if (signed)
        {
            var normal = _e.NewLabel();
            _e.Cmp(d, -1);
            _e.Jcc(ConditionCode.ne, normal);
            if (remainder)
            {
                _e.Alu(AluOp.Xor, EDX, EDX);
                _e.Jmp(done);
            }
            else
            {
                // Dividing by -1 is negation, which overflows only for the minimum value.
                _e.Neg(rax);
                _e.Jcc(ConditionCode.o, TrapLabel(TrapKind.IntegerOverflow));
                _e.Jmp(done);
            }

            _e.Bind(normal);
            _e.Emit(Instruction.Create(type == ValType.I32 ? Code.Cdq : Code.Cqo));
            _e.Idiv(d);
        }
        else
        {
            _e.Alu(AluOp.Xor, EDX, EDX);
            _e.Div(d);
        }

        _e.Bind(done);
        Release(divisor);
        var result = remainder ? RDX : RAX;
        Release(remainder ? RAX : RDX);
        PushRegister(type, result);
    }
}
