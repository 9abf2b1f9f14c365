using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using Wasmbox.Engine.Runtime;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// f32/f64 arithmetic, comparisons and bit operations. Float values live in the low lane of an xmm
// temporary (the upper lanes are garbage nobody reads); xmm7 and r11 are scratch within one
// instruction's code. The bit operations (abs, neg, copysign) never do arithmetic, so NaN payloads
// pass through untouched; everything that does arithmetic leaves NaN propagation to SSE, which
// returns a quieted input NaN (an arithmetic NaN) or the default NaN (a canonical one), as the
// spec's nondeterministic NaN rules allow.
internal sealed partial class FunctionCompiler
{
    private const long F32SignBit = 0x8000_0000;
    private const long F64SignBit = unchecked((long)0x8000_0000_0000_0000);

    private bool CompileFloat(byte op, ref WasmReader reader)
    {
        const ValType F32 = ValType.F32, F64 = ValType.F64, I32 = ValType.I32, I64 = ValType.I64;
        switch (op)
        {
            case >= Opcode.F32Eq and <= Opcode.F32Ge: FloatCompare(F32, op - Opcode.F32Eq); return true;
            case >= Opcode.F64Eq and <= Opcode.F64Ge: FloatCompare(F64, op - Opcode.F64Eq); return true;

            case Opcode.F32Abs: SignOperation(F32, SignOp.Abs); return true;
            case Opcode.F32Neg: SignOperation(F32, SignOp.Neg); return true;
            case Opcode.F32Ceil: Round(F32, RoundingMode.Up); return true;
            case Opcode.F32Floor: Round(F32, RoundingMode.Down); return true;
            case Opcode.F32Trunc: Round(F32, RoundingMode.TowardZero); return true;
            case Opcode.F32Nearest: Round(F32, RoundingMode.ToNearestEven); return true;
            case Opcode.F32Sqrt: FloatUnary(F32, SseOp.Sqrtss); return true;
            case Opcode.F32Add: FloatBinary(F32, SseOp.Addss); return true;
            case Opcode.F32Sub: FloatBinary(F32, SseOp.Subss); return true;
            case Opcode.F32Mul: FloatBinary(F32, SseOp.Mulss); return true;
            case Opcode.F32Div: FloatBinary(F32, SseOp.Divss); return true;
            case Opcode.F32Min: MinMax(F32, max: false); return true;
            case Opcode.F32Max: MinMax(F32, max: true); return true;
            case Opcode.F32Copysign: Copysign(F32); return true;

            case Opcode.F64Abs: SignOperation(F64, SignOp.Abs); return true;
            case Opcode.F64Neg: SignOperation(F64, SignOp.Neg); return true;
            case Opcode.F64Ceil: Round(F64, RoundingMode.Up); return true;
            case Opcode.F64Floor: Round(F64, RoundingMode.Down); return true;
            case Opcode.F64Trunc: Round(F64, RoundingMode.TowardZero); return true;
            case Opcode.F64Nearest: Round(F64, RoundingMode.ToNearestEven); return true;
            case Opcode.F64Sqrt: FloatUnary(F64, SseOp.Sqrtsd); return true;
            case Opcode.F64Add: FloatBinary(F64, SseOp.Addsd); return true;
            case Opcode.F64Sub: FloatBinary(F64, SseOp.Subsd); return true;
            case Opcode.F64Mul: FloatBinary(F64, SseOp.Mulsd); return true;
            case Opcode.F64Div: FloatBinary(F64, SseOp.Divsd); return true;
            case Opcode.F64Min: MinMax(F64, max: false); return true;
            case Opcode.F64Max: MinMax(F64, max: true); return true;
            case Opcode.F64Copysign: Copysign(F64); return true;

            case Opcode.I32TruncF32S: Truncate(F32, I32, signed: true); return true;
            case Opcode.I32TruncF32U: Truncate(F32, I32, signed: false); return true;
            case Opcode.I32TruncF64S: Truncate(F64, I32, signed: true); return true;
            case Opcode.I32TruncF64U: Truncate(F64, I32, signed: false); return true;
            case Opcode.I64TruncF32S: Truncate(F32, I64, signed: true); return true;
            case Opcode.I64TruncF32U: Truncate(F32, I64, signed: false); return true;
            case Opcode.I64TruncF64S: Truncate(F64, I64, signed: true); return true;
            case Opcode.I64TruncF64U: Truncate(F64, I64, signed: false); return true;

            case Opcode.F32ConvertI32S: ConvertToFloat(I32, F32, signed: true); return true;
            case Opcode.F32ConvertI32U: ConvertToFloat(I32, F32, signed: false); return true;
            case Opcode.F32ConvertI64S: ConvertToFloat(I64, F32, signed: true); return true;
            case Opcode.F32ConvertI64U: ConvertToFloat(I64, F32, signed: false); return true;
            case Opcode.F64ConvertI32S: ConvertToFloat(I32, F64, signed: true); return true;
            case Opcode.F64ConvertI32U: ConvertToFloat(I32, F64, signed: false); return true;
            case Opcode.F64ConvertI64S: ConvertToFloat(I64, F64, signed: true); return true;
            case Opcode.F64ConvertI64U: ConvertToFloat(I64, F64, signed: false); return true;
            case Opcode.F32DemoteF64: FloatUnary(F64, SseOp.Cvtsd2ss, F32); return true;
            case Opcode.F64PromoteF32: FloatUnary(F32, SseOp.Cvtss2sd, F64); return true;

            case Opcode.I32ReinterpretF32: Reinterpret(I32); return true;
            case Opcode.I64ReinterpretF64: Reinterpret(I64); return true;
            case Opcode.F32ReinterpretI32: Reinterpret(F32); return true;
            case Opcode.F64ReinterpretI64: Reinterpret(F64); return true;

            case 0xFC:
                // Only the saturating truncations (0xFC 0..7) are ours; anything else is left unread.
                var probe = reader;
                uint sub = probe.ReadVarU32();
                if (sub > MiscOpcode.I64TruncSatF64U) return false;
                reader = probe;
                TruncateSaturating(
                    (sub & 2) == 0 ? F32 : F64,
                    (sub & 4) == 0 ? I32 : I64,
                    signed: (sub & 1) == 0);
                return true;

            default:
                return false;
        }
    }

    private static SseOp ByWidth(ValType type, SseOp single, SseOp @double) => type == ValType.F64 ? @double : single;

    private static long SignBit(ValType type) => type == ValType.F64 ? F64SignBit : F32SignBit;

    /// <summary>The right operand of a float operation in an xmm register: its own, or xmm7 loaded from its constant or slot.</summary>
    private Register FloatInRegister(ValType type, in Operand operand, int depth)
    {
        switch (operand.Kind)
        {
            case OperandKind.Register:
            case OperandKind.Local:
                return operand.Register;
            case OperandKind.Constant:
                LoadConstant(type, RegisterSet.ScratchXmm, operand.Constant);
                return RegisterSet.ScratchXmm;
            default:
                Load(type, RegisterSet.ScratchXmm, SlotOf(depth));
                return RegisterSet.ScratchXmm;
        }
    }

    /// <summary><c>op left, right</c> for a scalar SSE operation, reading a slot operand straight from memory.</summary>
    private void ApplyFloatRight(SseOp op, ValType type, Register left, in Operand right, int rightDepth)
    {
        if (right.Kind == OperandKind.Slot) _e.Sse(op, left, SlotOf(rightDepth));
        else _e.Sse(op, left, FloatInRegister(type, right, rightDepth));
    }

    private void FloatBinary(ValType type, SseOp op)
    {
        if (_setTarget >= 0 && TryBinaryInPlace(type, commutative: op is SseOp.Addss or SseOp.Addsd or SseOp.Mulss or SseOp.Mulsd,
            (into, other, depth) => ApplyFloatRight(op, type, into, other, depth)))
        {
            return;
        }

        var (left, right, rightDepth) = PopPair(commutative: op is SseOp.Addss or SseOp.Addsd or SseOp.Mulss or SseOp.Mulsd);
        ApplyFloatRight(op, type, left, right, rightDepth);
        PushRegister(type, left);
    }

    /// <summary><c>op x, x</c> in place (sqrt, demote, promote).</summary>
    private void FloatUnary(ValType type, SseOp op, ValType? resultType = null)
    {
        var value = PopToRegister();
        _e.Sse(op, value, value);
        PushRegister(resultType ?? type, value);
    }

    private void Round(ValType type, RoundingMode mode)
    {
        var value = PopToRegister();
        if (type == ValType.F64) _e.Roundsd(value, value, mode);
        else _e.Roundss(value, value, mode);
        PushRegister(type, value);
    }

    private enum SignOp
    {
        Abs,
        Neg,
        Negative,
    }

    /// <summary>
    /// Loads xmm7 with the mask a sign operation needs, in every lane, without a GPR:
    /// all ones shifted right by one (everything but the sign) or left to the sign bit.
    /// </summary>
    private void LoadSignMask(ValType type, bool signOnly)
    {
        var scratch = RegisterSet.ScratchXmm;
        bool wide = type == ValType.F64;
        _e.Emit(Instruction.Create(Code.Pcmpeqd_xmm_xmmm128, scratch, scratch));
        if (signOnly) _e.Emit(Instruction.Create(wide ? Code.Psllq_xmm_imm8 : Code.Pslld_xmm_imm8, scratch, wide ? 63 : 31));
        else _e.Emit(Instruction.Create(wide ? Code.Psrlq_xmm_imm8 : Code.Psrld_xmm_imm8, scratch, 1));
    }

    /// <summary>abs (clear the sign), neg (flip it) or force it negative: pure bit operations, NaN payloads untouched.</summary>
    private void SignOperation(ValType type, SignOp op)
    {
        long sign = SignBit(type);
        ref var top = ref Peek();
        if (top.Kind == OperandKind.Constant)
        {
            top.Constant = op switch
            {
                SignOp.Abs => top.Constant & ~sign,
                SignOp.Neg => top.Constant ^ sign,
                _ => top.Constant | sign,
            };
            return;
        }

        var value = PopToRegister();
        LoadSignMask(type, signOnly: op != SignOp.Abs);
        var bitOp = op switch
        {
            SignOp.Abs => ByWidth(type, SseOp.Andps, SseOp.Andpd),
            SignOp.Neg => ByWidth(type, SseOp.Xorps, SseOp.Xorpd),
            _ => ByWidth(type, SseOp.Orps, SseOp.Orpd),
        };
        _e.Sse(bitOp, value, RegisterSet.ScratchXmm);
        PushRegister(type, value);
    }

    /// <summary>The magnitude of the first operand with the sign of the second, by bit operations only.</summary>
    private void Copysign(ValType type)
    {
        long sign = SignBit(type);
        if (Peek().Kind == OperandKind.Constant)
        {
            bool negative = (Pop().Constant & sign) != 0;
            if (Peek().Kind == OperandKind.Constant)
            {
                ref var magnitude = ref Peek();
                magnitude.Constant = negative ? magnitude.Constant | sign : magnitude.Constant & ~sign;
                return;
            }

            SignOperation(type, negative ? SignOp.Negative : SignOp.Abs);
            return;
        }

        var signSource = PopToRegister();
        var value = PopToRegister(avoid: 1 << RegisterSet.Bit(signSource));
        var scratch = RegisterSet.ScratchXmm;
        LoadSignMask(type, signOnly: false);
        _e.Sse(ByWidth(type, SseOp.Andps, SseOp.Andpd), value, scratch);
        _e.Sse(ByWidth(type, SseOp.Andnps, SseOp.Andnpd), scratch, signSource);
        _e.Sse(ByWidth(type, SseOp.Orps, SseOp.Orpd), value, scratch);
        Release(signSource);
        PushRegister(type, value);
    }

    /// <summary>
    /// wasm's min/max: a NaN operand gives a NaN, and -0 is below +0. minss/maxss alone get both
    /// wrong (they return the second operand for NaNs and for equal values), so equal and unordered
    /// operands take paths of their own: for equal ones or-ing (min) or and-ing (max) the bits
    /// picks -0 or +0 and is the identity otherwise; for unordered ones an add propagates the NaN.
    /// </summary>
    private void MinMax(ValType type, bool max)
    {
        var (left, right, rightDepth) = PopPair();
        var r = FloatInRegister(type, right, rightDepth);
        var notEqual = _e.NewLabel();
        var unordered = _e.NewLabel();
        var done = _e.NewLabel();

        _e.Sse(ByWidth(type, SseOp.Ucomiss, SseOp.Ucomisd), left, r);
        _e.Jcc(ConditionCode.ne, notEqual);
        _e.Jcc(ConditionCode.p, unordered);
        _e.Sse(max ? ByWidth(type, SseOp.Andps, SseOp.Andpd) : ByWidth(type, SseOp.Orps, SseOp.Orpd), left, r);
        _e.Jmp(done);
        _e.Bind(unordered);
        _e.Sse(ByWidth(type, SseOp.Addss, SseOp.Addsd), left, r);
        _e.Jmp(done);
        _e.Bind(notEqual);
        _e.Sse(max ? ByWidth(type, SseOp.Maxss, SseOp.Maxsd) : ByWidth(type, SseOp.Minss, SseOp.Minsd), left, r);
        _e.Bind(done);
        PushRegister(type, left);
    }

    /// <summary>
    /// eq, ne, lt, gt, le, ge (0..5) into an i32 0/1. ucomis sets ZF, PF and CF all on unordered,
    /// so "above" and "above or equal" are false for NaNs as wasm wants; lt and le compare the
    /// other way round to use them. eq must also check PF clear, ne accepts PF set.
    /// </summary>
    private void FloatCompare(ValType type, int comparison)
    {
        var (left, right, rightDepth) = PopPair();
        var result = Allocate(ValType.I32);
        var ucomis = ByWidth(type, SseOp.Ucomiss, SseOp.Ucomisd);
        if (comparison is 2 or 4) _e.Sse(ucomis, FloatInRegister(type, right, rightDepth), left);
        else ApplyFloatRight(ucomis, type, left, right, rightDepth);

        var low = Low8(result);
        switch (comparison)
        {
            case 0:
                _e.Setcc(ConditionCode.e, low);
                _e.Setcc(ConditionCode.np, R11L);
                _e.Emit(Instruction.Create(Code.And_rm8_r8, low, R11L));
                break;
            case 1:
                _e.Setcc(ConditionCode.ne, low);
                _e.Setcc(ConditionCode.p, R11L);
                _e.Emit(Instruction.Create(Code.Or_rm8_r8, low, R11L));
                break;
            case 2 or 3:
                _e.Setcc(ConditionCode.a, low);
                break;
            default:
                _e.Setcc(ConditionCode.ae, low);
                break;
        }

        _e.Movzx(GprWidth.Low32(result), low);
        Release(left);
        PushRegister(ValType.I32, result);
    }
}
