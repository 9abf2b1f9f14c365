using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using Wasmbox.Engine.Runtime;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// Conversions between floats and integers, and the reinterpretations. cvtts?2si gives the "integer
// indefinite" value (only the sign bit set) for NaN and out-of-range inputs, so the fast paths
// convert first and look at the inputs only when that value comes out.
internal sealed partial class FunctionCompiler
{
    /// <summary>2^63 as f32 and as f64: the first value past the signed 64-bit range.</summary>
    private const long F32TwoPow63 = 0x5F00_0000;
    private const long F64TwoPow63 = 0x43E0_0000_0000_0000;

    /// <summary>
    /// The largest float (f32 or f64) below the signed minimum of <paramref name="to"/>: a float
    /// greater than it and below zero truncates to that minimum or above.
    /// </summary>
    private static long BelowSignedMinimum(ValType from, ValType to) => (from, to) switch
    {
        (ValType.F32, ValType.I32) => BitConverter.SingleToUInt32Bits(-2147483904f),
        (ValType.F64, ValType.I32) => BitConverter.DoubleToInt64Bits(-2147483649.0),
        (ValType.F32, _) => BitConverter.SingleToUInt32Bits(-9223373136366403584f),
        _ => BitConverter.DoubleToInt64Bits(-9223372036854777856.0),
    };

    /// <summary>cvttss2si/cvttsd2si by the source type; the result's width comes from the register.</summary>
    private void TruncateToSigned(ValType from, Register destination, Register source)
    {
        if (from == ValType.F64) _e.Cvttsd2si(destination, source);
        else _e.Cvttss2si(destination, source);
    }

    private void LoadZero(Register xmm) => _e.Sse(SseOp.Xorps, xmm, xmm);

    /// <summary>Traps "invalid conversion to integer" on NaN and "integer overflow" when the truncated value does not fit.</summary>
    private void Truncate(ValType from, ValType to, bool signed)
    {
        var value = PopToRegister();
        var result = Allocate(to);
        var ucomis = ByWidth(from, SseOp.Ucomiss, SseOp.Ucomisd);
        var scratch = RegisterSet.ScratchXmm;
        var invalid = TrapLabel(TrapKind.InvalidConversionToInteger);
        var overflow = TrapLabel(TrapKind.IntegerOverflow);
        var done = _e.NewLabel();

        if (signed)
        {
            var r = Sized(to, result);
            TruncateToSigned(from, r, value);
            // Only the minimum makes cmp r, 1 overflow.
            _e.Cmp(r, 1);
            _e.Jcc(ConditionCode.no, done);
            // The minimum: a true result only for inputs in (BelowSignedMinimum, 0).
            LoadZero(scratch);
            _e.Sse(ucomis, value, scratch);
            _e.Jcc(ConditionCode.p, invalid);
            _e.Jcc(ConditionCode.ae, overflow);
            LoadConstant(from, scratch, BelowSignedMinimum(from, to));
            _e.Sse(ucomis, value, scratch);
            _e.Jcc(ConditionCode.be, overflow);
        }
        else if (to == ValType.I32)
        {
            // Through the 64-bit conversion: the result fits iff its upper half is zero (inputs in (-1, 2^32)).
            TruncateToSigned(from, result, value);
            _e.Mov(GprWidth.Low32(RegisterSet.ScratchGpr), GprWidth.Low32(result));
            _e.Cmp(RegisterSet.ScratchGpr, result);
            _e.Jcc(ConditionCode.e, done);
            _e.Sse(ucomis, value, value);
            _e.Jcc(ConditionCode.p, invalid);
            _e.Jmp(overflow);
        }
        else
        {
            // Below 2^63 the signed conversion does it, where a negative result means NaN or <= -1;
            // from 2^63 on convert x - 2^63 and set the top bit back.
            var big = _e.NewLabel();
            LoadConstant(from, scratch, from == ValType.F64 ? F64TwoPow63 : F32TwoPow63);
            _e.Sse(ucomis, value, scratch);
            _e.Jcc(ConditionCode.ae, big);
            TruncateToSigned(from, result, value);
            _e.Test(result, result);
            _e.Jcc(ConditionCode.ns, done);
            _e.Sse(ucomis, value, value);
            _e.Jcc(ConditionCode.p, invalid);
            _e.Jmp(overflow);
            _e.Bind(big);
            _e.Sse(ByWidth(from, SseOp.Subss, SseOp.Subsd), value, scratch);
            TruncateToSigned(from, result, value);
            _e.Test(result, result);
            _e.Jcc(ConditionCode.s, overflow);
            _e.Emit(Instruction.Create(Code.Bts_rm64_imm8, result, 63));
        }

        _e.Bind(done);
        Release(value);
        PushRegister(to, result);
    }

    /// <summary>trunc_sat: NaN gives 0, out-of-range values the nearest end of the range.</summary>
    private void TruncateSaturating(ValType from, ValType to, bool signed)
    {
        var value = PopToRegister();
        var result = Allocate(to);
        var ucomis = ByWidth(from, SseOp.Ucomiss, SseOp.Ucomisd);
        var scratch = RegisterSet.ScratchXmm;
        var scratchGpr = RegisterSet.ScratchGpr;
        var done = _e.NewLabel();

        if (signed)
        {
            var r = Sized(to, result);
            var nan = _e.NewLabel();
            TruncateToSigned(from, r, value);
            _e.Cmp(r, 1);
            _e.Jcc(ConditionCode.no, done);
            // The minimum came out: right for negative inputs; positive ones saturate to the
            // maximum, its complement, and NaN gives 0.
            LoadZero(scratch);
            _e.Sse(ucomis, value, scratch);
            _e.Jcc(ConditionCode.p, nan);
            _e.Jcc(ConditionCode.b, done);
            _e.Not(r);
            _e.Jmp(done);
            _e.Bind(nan);
            _e.MovImm(GprWidth.Low32(result), 0);
        }
        else if (to == ValType.I32)
        {
            TruncateToSigned(from, result, value);
            _e.Mov(GprWidth.Low32(scratchGpr), GprWidth.Low32(result));
            _e.Cmp(scratchGpr, result);
            _e.Jcc(ConditionCode.e, done);
            // Out of range: above zero saturates to 2^32-1, anything else (NaN, negative) to 0.
            LoadZero(scratch);
            _e.Sse(ucomis, value, scratch);
            _e.MovImm(GprWidth.Low32(result), uint.MaxValue, preserveFlags: true);
            _e.Jcc(ConditionCode.a, done);
            _e.MovImm(GprWidth.Low32(result), 0);
        }
        else
        {
            var big = _e.NewLabel();
            LoadConstant(from, scratch, from == ValType.F64 ? F64TwoPow63 : F32TwoPow63);
            _e.Sse(ucomis, value, scratch);
            _e.Jcc(ConditionCode.ae, big);
            // Below 2^63 (or NaN): a negative result (NaN, <= -1) becomes 0.
            TruncateToSigned(from, result, value);
            _e.Mov(scratchGpr, result);
            _e.Shift(ShiftOp.Sar, scratchGpr, 63);
            _e.Not(scratchGpr);
            _e.And(result, scratchGpr);
            _e.Jmp(done);
            // From 2^63: convert x - 2^63 and add 2^63 back; the indefinite value (x >= 2^64) becomes all ones.
            _e.Bind(big);
            _e.Sse(ByWidth(from, SseOp.Subss, SseOp.Subsd), value, scratch);
            TruncateToSigned(from, result, value);
            _e.Mov(scratchGpr, result);
            _e.Shift(ShiftOp.Sar, scratchGpr, 63);
            _e.Emit(Instruction.Create(Code.Bts_rm64_imm8, result, 63));
            _e.Or(result, scratchGpr);
        }

        _e.Bind(done);
        Release(value);
        PushRegister(to, result);
    }

    /// <summary>f32/f64.convert_i32/i64_s/_u, rounding to nearest even as cvtsi2ss/sd do.</summary>
    private void ConvertToFloat(ValType from, ValType to, bool signed)
    {
        var source = PopToRegister();
        var result = Allocate(to);
        bool toF64 = to == ValType.F64;
        void Convert(Register integer)
        {
            if (toF64) _e.Cvtsi2sd(result, integer);
            else _e.Cvtsi2ss(result, integer);
        }

        // cvtsi2ss/sd write only the low lane: clearing first breaks the dependency on the old value.
        LoadZero(result);
        if (from == ValType.I32)
        {
            // An unsigned i32 is its zero-extended 64-bit value, which the register already holds.
            Convert(signed ? GprWidth.Low32(source) : source);
        }
        else if (signed)
        {
            Convert(source);
        }
        else
        {
            // Values from 2^63 on: halve, keeping the lost bit as a sticky bit so the one rounding
            // of the conversion is still correct, then double.
            var big = _e.NewLabel();
            var done = _e.NewLabel();
            _e.Test(source, source);
            _e.Jcc(ConditionCode.s, big);
            Convert(source);
            _e.Jmp(done);
            _e.Bind(big);
            var scratchGpr = RegisterSet.ScratchGpr;
            _e.Mov(scratchGpr, source);
            _e.Shift(ShiftOp.Shr, scratchGpr, 1);
            _e.And(GprWidth.Low32(source), 1);
            _e.Or(scratchGpr, source);
            Convert(scratchGpr);
            _e.Sse(ByWidth(to, SseOp.Addss, SseOp.Addsd), result, result);
            _e.Bind(done);
        }

        Release(source);
        PushRegister(to, result);
    }

    /// <summary>Same bits, other type: a constant or a slot just changes its type; a register value moves between register files.</summary>
    private void Reinterpret(ValType to)
    {
        ref var top = ref Peek();
        if (!top.IsInRegister)
        {
            top.Type = to;
            return;
        }

        var from = top.Type;
        var source = PopToRegister();
        var result = Allocate(to);
        bool wide = to is ValType.I64 or ValType.F64;
        if (wide) _e.Movq(result, source);
        else _e.Movd(IsFloat(to) ? result : GprWidth.Low32(result), IsFloat(from) ? source : GprWidth.Low32(source));
        Release(source);
        PushRegister(to, result);
    }
}
