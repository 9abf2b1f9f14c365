using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// Comparisons, and the instructions that consume them. A comparison (or eqz) followed by br_if, if
// or select — possibly through a chain of i32.eqz, each of which just negates the condition — is
// compiled as cmp (or test, or ucomis) and a jcc or cmovcc on its flags, never as a 0/1 value.
// Nothing that could touch the flags is emitted between the compare and its consumer: whatever the
// consumer needs first (spilling before an if, the select's values in registers) happens before
// the compare. Otherwise the result is materialized with setcc into a register zeroed beforehand.
// Float eq and ne need two flags (ZF and PF) and keep the setcc path of FloatCompare.
internal sealed partial class FunctionCompiler
{
    private enum ConditionSource : byte
    {
        Eqz,
        IntegerCompare,
        FloatCompare,
    }

    /// <summary>
    /// Compiles i32/i64 eqz, the integer comparisons and float lt/gt/le/ge (<paramref name="op"/>),
    /// fused with the br_if, if or select that follows when there is one. False for float eq/ne.
    /// </summary>
    private bool CompileCondition(byte op, ref WasmReader reader)
    {
        ConditionSource source;
        ValType type;
        int comparison = 0;
        switch (op)
        {
            case Opcode.I32Eqz: source = ConditionSource.Eqz; type = ValType.I32; break;
            case Opcode.I64Eqz: source = ConditionSource.Eqz; type = ValType.I64; break;
            case >= Opcode.I32Eq and <= Opcode.I32GeU: source = ConditionSource.IntegerCompare; type = ValType.I32; comparison = op - Opcode.I32Eq; break;
            case >= Opcode.I64Eq and <= Opcode.I64GeU: source = ConditionSource.IntegerCompare; type = ValType.I64; comparison = op - Opcode.I64Eq; break;
            case >= Opcode.F32Eq and <= Opcode.F32Ge: source = ConditionSource.FloatCompare; type = ValType.F32; comparison = op - Opcode.F32Eq; break;
            case >= Opcode.F64Eq and <= Opcode.F64Ge: source = ConditionSource.FloatCompare; type = ValType.F64; comparison = op - Opcode.F64Eq; break;
            default: return false;
        }

        if (source == ConditionSource.FloatCompare && comparison < 2) return false;

        // Every i32.eqz after the comparison negates it.
        var probe = reader;
        bool negate = false;
        while (!probe.AtEnd && probe.PeekByte() == Opcode.I32Eqz)
        {
            probe.ReadByte();
            negate = !negate;
        }

        reader = probe;
        int operands = source == ConditionSource.Eqz ? 1 : 2;
        byte next = reader.AtEnd ? Opcode.End : reader.PeekByte();
        if (_lazyAddresses)
        {
            // A branch may carry, and an if spills, anything on the stack; a select reads two more values.
            if (next is Opcode.BrIf or Opcode.If) MaterializeLazyAddresses();
            else if (next is Opcode.Select or Opcode.SelectT) MaterializeLazyAddressesOnTop(operands + 2);
        }

        switch (next)
        {
            case Opcode.BrIf:
            {
                reader.ReadByte();
                int depth = (int)reader.ReadVarU32();
                var condition = EmitCondition(source, type, comparison);
                BranchOn(negate ? condition.Negate() : condition, depth);
                return true;
            }

            case Opcode.If:
            {
                reader.ReadByte();
                var (parameters, results) = ReadBlockType(ref reader);
                _nextControl++;

                // The false path jumps straight to else (or end), so an if is always a join.
                SpillBelow(_height - operands);
                var condition = EmitCondition(source, type, comparison);
                if (negate) condition = condition.Negate();
                var elseLabel = _e.NewLabel();
                _e.Jcc(condition.Negate(), elseLabel);
                PushControl(ControlKind.If, parameters, results, _e.NewLabel());
                Frame(0).ElseLabel = elseLabel;
                return true;
            }

            // The two values and the compare's operands: four registers at once, which locals may have left too few of.
            case Opcode.Select or Opcode.SelectT when HasTemporariesForSelect(IsFloat(_stack[_height - operands - 1].Type), source == ConditionSource.FloatCompare):
            {
                reader.ReadByte();
                if (next == Opcode.SelectT) InstructionDecoding.ReadSelectTypes(ref reader, out _);

                // The two values into registers of their own first: loading one may need the flags.
                int secondDepth = _height - operands - 1;
                var valueType = _stack[secondDepth].Type;
                var first = OwnRegisterAt(secondDepth - 1, avoid: 0);
                var second = OwnRegisterAt(secondDepth, avoid: Bit(first));
                var condition = EmitCondition(source, type, comparison, protect: Bit(first) | Bit(second));
                if (negate) condition = condition.Negate();
                Pop();
                _height--;
                if (IsFloat(valueType))
                {
                    var keepFirst = _e.NewLabel();
                    _e.Jcc(condition, keepFirst);
                    Move(valueType, first, second);
                    _e.Bind(keepFirst);
                }
                else
                {
                    _e.Cmovcc(condition.Negate(), Sized(valueType, first), Sized(valueType, second));
                }

                PushRegister(valueType, first);
                return true;
            }

            default:
            {
                var result = Allocate(ValType.I32);
                _e.Alu(AluOp.Xor, GprWidth.Low32(result), GprWidth.Low32(result));
                var condition = EmitCondition(source, type, comparison);
                _e.Setcc(negate ? condition.Negate() : condition, Low8(result));
                PushRegister(ValType.I32, result);
                return true;
            }
        }
    }

    private static int Bit(Register register) => 1 << RegisterSet.Bit(register);

    private bool HasTemporariesForSelect(bool floatValues, bool floatCompare)
    {
        int xmms = (floatValues ? 2 : 0) + (floatCompare ? 2 : 0);
        return _xmmTemps >= xmms && _gprTemps >= 4 - xmms;
    }

    /// <summary>Makes the operand at <paramref name="depth"/> a temporary register of its own and returns it.</summary>
    private Register OwnRegisterAt(int depth, int avoid)
    {
        ref var operand = ref _stack[depth];
        if (operand.Kind == OperandKind.Register && (avoid & Bit(operand.Register)) == 0) return operand.Register;

        var type = operand.Type;
        var register = Allocate(type, avoid);

        // Allocate may have spilled something: read the operand again.
        ref var current = ref _stack[depth];
        switch (current.Kind)
        {
            case OperandKind.Register:
                Move(type, register, current.Register);
                Release(current.Register);
                break;
            case OperandKind.Local:
                Move(type, register, current.Register);
                break;
            case OperandKind.LocalPlusConstant:
                LoadLazyAddress(register, current);
                break;
            case OperandKind.Constant:
                LoadConstant(type, register, current.Constant);
                break;
            default:
                Load(type, register, SlotOf(depth));
                break;
        }

        current = Operand.InRegister(type, register);
        return register;
    }

    /// <summary>Spills every operand below <paramref name="height"/> to its slot.</summary>
    private void SpillBelow(int height)
    {
        for (int depth = 0; depth < height; depth++) SpillOperand(depth);
    }

    /// <summary>
    /// Pops the operands of the condition and emits the compare; returns the condition code that is
    /// set when the wasm result would be 1. The last instruction emitted is the one setting the flags.
    /// </summary>
    /// <param name="protect">Temporaries that must survive (neither handed out nor spilled).</param>
    private ConditionCode EmitCondition(ConditionSource source, ValType type, int comparison, int protect = 0) => source switch
    {
        ConditionSource.Eqz => EmitEqz(type, protect),
        ConditionSource.IntegerCompare => EmitIntegerCompare(type, comparison, protect),
        _ => EmitFloatCompare(type, comparison, protect),
    };

    private ConditionCode EmitEqz(ValType type, int protect)
    {
        var value = Peek();
        if (value.IsInRegister)
        {
            Pop();
            var sized = Sized(type, value.Register);
            _e.Test(sized, sized);
        }
        else if (value.Kind == OperandKind.Slot)
        {
            Pop();
            _e.Emit(Instruction.Create(type == ValType.I64 ? Code.Cmp_rm64_imm8 : Code.Cmp_rm32_imm8, SlotOf(_height), 0));
        }
        else
        {
            var register = PopToRegister(protect);
            Release(register);
            var sized = Sized(type, register);
            _e.Test(sized, sized);
        }

        return ConditionCode.e;
    }

    /// <summary>The condition with its operands exchanged (a &lt; b is b &gt; a).</summary>
    private static ConditionCode Swapped(ConditionCode condition) => condition switch
    {
        ConditionCode.l => ConditionCode.g,
        ConditionCode.g => ConditionCode.l,
        ConditionCode.le => ConditionCode.ge,
        ConditionCode.ge => ConditionCode.le,
        ConditionCode.b => ConditionCode.a,
        ConditionCode.a => ConditionCode.b,
        ConditionCode.be => ConditionCode.ae,
        ConditionCode.ae => ConditionCode.be,
        _ => condition,
    };

    private ConditionCode EmitIntegerCompare(ValType type, int comparison, int protect)
    {
        var condition = ComparisonConditions[comparison];
        var right = Pop();
        int rightDepth = _height;
        var left = Peek();

        // A constant on the left against a register: compare the other way round.
        if (left.Kind == OperandKind.Constant && right.IsInRegister && (type == ValType.I32 || left.Constant == (int)left.Constant))
        {
            Pop();
            _e.Cmp(Sized(type, right.Register), (int)left.Constant);
            return Swapped(condition);
        }

        Register l;
        if (left.IsInRegister)
        {
            Pop();
            l = left.Register;
        }
        else
        {
            l = PopToRegister(avoid: protect | (right.Kind == OperandKind.Register ? Bit(right.Register) : 0));
            Release(l);
        }

        ApplyRight(type, l, right, rightDepth,
            (a, b) => _e.Cmp(a, b),
            (a, m) => _e.Cmp(a, m),
            (a, i) => _e.Cmp(a, i));
        return condition;
    }

    /// <summary>lt, gt, le, ge (2..5): ucomis sets CF and ZF on unordered, so "above" and "above or equal" are false for NaN; lt and le swap the operands.</summary>
    private ConditionCode EmitFloatCompare(ValType type, int comparison, int protect)
    {
        var right = Pop();
        int rightDepth = _height;
        var left = Peek();
        Register l;
        if (left.IsInRegister)
        {
            Pop();
            l = left.Register;
        }
        else
        {
            l = PopToRegister(avoid: protect | (right.Kind == OperandKind.Register ? Bit(right.Register) : 0));
            Release(l);
        }

        var ucomis = ByWidth(type, SseOp.Ucomiss, SseOp.Ucomisd);
        if (comparison is 2 or 4) _e.Sse(ucomis, FloatInRegister(type, right, rightDepth), l);
        else ApplyFloatRight(ucomis, type, l, right, rightDepth);
        return comparison is 2 or 3 ? ConditionCode.a : ConditionCode.ae;
    }

    /// <summary>Whether a branch to <paramref name="depth"/> is a bare jump: not a return, and its values already in the target's slots.</summary>
    private bool BranchIsJumpOnly(int depth)
    {
        if (depth == _controlCount - 1) return false;
        ref var target = ref Frame(depth);
        int count = target.BranchTypes.Length;
        int first = _height - count;
        for (int i = 0; i < count; i++)
        {
            if (first + i != target.Base + i || _stack[first + i].Kind != OperandKind.Slot) return false;
        }

        return true;
    }

    /// <summary>br_if on flags already set: branch to <paramref name="depth"/> when <paramref name="condition"/> holds.</summary>
    private void BranchOn(ConditionCode condition, int depth)
    {
        if (BranchIsJumpOnly(depth))
        {
            _e.Jcc(condition, Frame(depth).Target);
            return;
        }

        var skip = _e.NewLabel();
        _e.Jcc(condition.Negate(), skip);
        Branch(depth);
        _e.Bind(skip);
    }
}
