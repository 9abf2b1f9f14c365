using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Tests.Validation;
using static Wasmbox.Engine.Tests.Validation.TestModule;

namespace Wasmbox.Engine.Tests.Compiler;

/// <summary>
/// The JIT's float instructions and numeric conversions on the cases the spec's semantics make
/// tricky: signed zeros and NaNs in min/max, ties in nearest, the edges of the truncation ranges,
/// rounding of large unsigned values, NaN payloads through the bit operations. Binary operations run
/// with the right operand in a register, a constant and a slot, and with a constant on the left,
/// since each takes a different code path.
/// </summary>
public class FloatTests
{
    private const uint F32CanonicalNan = 0x7FC0_0000;
    private const ulong F64CanonicalNan = 0x7FF8_0000_0000_0000;

    /// <summary>Where the operands of a binary operation are when it is compiled.</summary>
    public enum Shape
    {
        Registers,
        ConstantRight,
        SlotRight,
        ConstantLeft,
    }

    public static TheoryData<Shape> Shapes() => [Shape.Registers, Shape.ConstantRight, Shape.SlotRight, Shape.ConstantLeft];

    private static ulong F32(float value) => BitConverter.SingleToUInt32Bits(value);

    private static ulong F64(double value) => BitConverter.DoubleToUInt64Bits(value);

    private static byte[] Const(byte type, ulong bits) => type switch
    {
        TestModule.F32 => [0x43, .. BitConverter.GetBytes((uint)bits)],
        TestModule.F64 => [0x44, .. BitConverter.GetBytes(bits)],
        I32 => [0x41, .. Wasmbox.Tests.Support.WasmBytes.S64((int)(uint)bits)],
        _ => [0x42, .. Wasmbox.Tests.Support.WasmBytes.S64((long)bits)],
    };

    private static Instance Compile(byte[] parameters, byte[] results, byte[] code)
    {
        var module = new TestModule();
        module.Function(module.Type(parameters, results), code).ExportFunction("f", 0);
        return new Instance(Validate.Module(module.Build()));
    }

    private static ulong Run(byte[] parameters, byte result, byte[] code, params ulong[] arguments)
    {
        using var instance = Compile(parameters, [result], code);
        return instance.Invoke("f", arguments)[0];
    }

    private static TrapKind Trap(byte[] parameters, byte result, byte[] code, params ulong[] arguments)
    {
        using var instance = Compile(parameters, [result], code);
        return Assert.Throws<TrapException>(() => instance.Invoke("f", arguments)).Kind;
    }

    /// <summary><c>a op b</c> with the operands placed as <paramref name="shape"/> says.</summary>
    private static ulong Binary(Shape shape, byte type, byte result, byte op, ulong a, ulong b) => shape switch
    {
        Shape.Registers => Run([type, type], result, [0x20, 0, 0x20, 1, op], a, b),
        Shape.ConstantRight => Run([type], result, [0x20, 0, .. Const(type, b), op], a),
        // A block that is branched to hands its value over in its slot.
        Shape.SlotRight => Run([type, type], result, [0x20, 0, 0x02, type, 0x20, 1, 0x0C, 0, 0x0B, op], a, b),
        _ => Run([type], result, [.. Const(type, a), 0x20, 0, op], b),
    };

    /// <summary><c>op a</c> with the operand in a register, a slot and a constant: all three must agree, and that is the result.</summary>
    private static ulong Unary(byte type, byte result, byte[] op, ulong a)
    {
        ulong inRegister = Run([type], result, [0x20, 0, .. op], a);
        ulong inSlot = Run([type], result, [0x02, type, 0x20, 0, 0x0C, 0, 0x0B, .. op], a);
        ulong constant = Run([], result, [.. Const(type, a), .. op]);
        Assert.Equal(inRegister, inSlot);
        Assert.Equal(inRegister, constant);
        return inRegister;
    }

    private static bool IsCanonicalF32Nan(ulong bits) => (bits & 0x7FFF_FFFF) == F32CanonicalNan;

    private static bool IsCanonicalF64Nan(ulong bits) => (bits & 0x7FFF_FFFF_FFFF_FFFF) == F64CanonicalNan;

    // ---- min / max ----

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MinAndMaxOrderNegativeZeroBelowPositiveZero(Shape shape)
    {
        const byte min32 = 0x96, max32 = 0x97, min64 = 0xA4, max64 = 0xA5;
        ulong negative32 = F32(-0f), positive32 = F32(0f), negative64 = F64(-0.0), positive64 = F64(0.0);
        foreach (var (a, b) in new[] { (negative32, positive32), (positive32, negative32) })
        {
            Assert.Equal(negative32, Binary(shape, TestModule.F32, TestModule.F32, min32, a, b));
            Assert.Equal(positive32, Binary(shape, TestModule.F32, TestModule.F32, max32, a, b));
        }

        foreach (var (a, b) in new[] { (negative64, positive64), (positive64, negative64) })
        {
            Assert.Equal(negative64, Binary(shape, TestModule.F64, TestModule.F64, min64, a, b));
            Assert.Equal(positive64, Binary(shape, TestModule.F64, TestModule.F64, max64, a, b));
        }

        Assert.Equal(negative32, Binary(shape, TestModule.F32, TestModule.F32, min32, negative32, negative32));
        Assert.Equal(positive64, Binary(shape, TestModule.F64, TestModule.F64, max64, positive64, positive64));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MinAndMaxOfOrdinaryValues(Shape shape)
    {
        Assert.Equal(F32(-3.5f), Binary(shape, TestModule.F32, TestModule.F32, 0x96, F32(-3.5f), F32(2f)));
        Assert.Equal(F32(2f), Binary(shape, TestModule.F32, TestModule.F32, 0x97, F32(-3.5f), F32(2f)));
        Assert.Equal(F32(float.NegativeInfinity), Binary(shape, TestModule.F32, TestModule.F32, 0x96, F32(1f), F32(float.NegativeInfinity)));
        Assert.Equal(F64(1e300), Binary(shape, TestModule.F64, TestModule.F64, 0xA5, F64(1e300), F64(-1e300)));
        Assert.Equal(F64(-1e300), Binary(shape, TestModule.F64, TestModule.F64, 0xA4, F64(1e300), F64(-1e300)));
        Assert.Equal(F64(7.0), Binary(shape, TestModule.F64, TestModule.F64, 0xA4, F64(7.0), F64(7.0)));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MinAndMaxOfANanAreNan(Shape shape)
    {
        foreach (byte op in new byte[] { 0x96, 0x97 })
        {
            // Canonical in, canonical out (either sign); an arithmetic NaN in gives an arithmetic NaN.
            Assert.True(IsCanonicalF32Nan(Binary(shape, TestModule.F32, TestModule.F32, op, F32CanonicalNan, F32(1f))));
            Assert.True(IsCanonicalF32Nan(Binary(shape, TestModule.F32, TestModule.F32, op, F32(-0f), F32CanonicalNan | 0x8000_0000)));
            ulong arithmetic = Binary(shape, TestModule.F32, TestModule.F32, op, F32(5f), 0x7FE0_0001);
            Assert.Equal(0x7FC0_0000UL, arithmetic & 0x7FC0_0000);
            // A signalling NaN comes out quiet.
            ulong quieted = Binary(shape, TestModule.F32, TestModule.F32, op, 0x7F80_0001, F32(float.PositiveInfinity));
            Assert.Equal(0x7FC0_0000UL, quieted & 0x7FC0_0000);
        }

        foreach (byte op in new byte[] { 0xA4, 0xA5 })
        {
            Assert.True(IsCanonicalF64Nan(Binary(shape, TestModule.F64, TestModule.F64, op, F64(-2.0), F64CanonicalNan)));
            Assert.True(IsCanonicalF64Nan(Binary(shape, TestModule.F64, TestModule.F64, op, F64CanonicalNan, F64CanonicalNan)));
            ulong quieted = Binary(shape, TestModule.F64, TestModule.F64, op, 0x7FF0_0000_0000_0001, F64(0.0));
            Assert.Equal(0x7FF8_0000_0000_0000UL, quieted & 0x7FF8_0000_0000_0000);
        }
    }

    // ---- comparisons ----

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ComparisonsWithNanAreFalseExceptNe(Shape shape)
    {
        // eq ne lt gt le ge
        byte[] f32Ops = [0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60];
        byte[] f64Ops = [0x61, 0x62, 0x63, 0x64, 0x65, 0x66];
        for (int i = 0; i < 6; i++)
        {
            ulong expected = i == 1 ? 1UL : 0UL;
            Assert.Equal(expected, Binary(shape, TestModule.F32, I32, f32Ops[i], F32CanonicalNan, F32(1f)));
            Assert.Equal(expected, Binary(shape, TestModule.F32, I32, f32Ops[i], F32(1f), F32CanonicalNan));
            Assert.Equal(expected, Binary(shape, TestModule.F32, I32, f32Ops[i], F32CanonicalNan, F32CanonicalNan));
            Assert.Equal(expected, Binary(shape, TestModule.F64, I32, f64Ops[i], F64CanonicalNan, F64(1.0)));
            Assert.Equal(expected, Binary(shape, TestModule.F64, I32, f64Ops[i], F64(1.0), 0xFFF0_0000_0000_0001));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ComparisonsOfOrderedValues(Shape shape)
    {
        byte[] f32Ops = [0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60];
        byte[] f64Ops = [0x61, 0x62, 0x63, 0x64, 0x65, 0x66];
        //                       eq ne lt gt le ge
        ulong[] less = [0, 1, 1, 0, 1, 0];
        ulong[] equal = [1, 0, 0, 0, 1, 1];
        ulong[] greater = [0, 1, 0, 1, 0, 1];
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(less[i], Binary(shape, TestModule.F32, I32, f32Ops[i], F32(-1f), F32(2f)));
            Assert.Equal(equal[i], Binary(shape, TestModule.F32, I32, f32Ops[i], F32(-0f), F32(0f)));
            Assert.Equal(greater[i], Binary(shape, TestModule.F32, I32, f32Ops[i], F32(float.PositiveInfinity), F32(float.MaxValue)));
            Assert.Equal(less[i], Binary(shape, TestModule.F64, I32, f64Ops[i], F64(double.Epsilon), F64(2 * double.Epsilon)));
            Assert.Equal(equal[i], Binary(shape, TestModule.F64, I32, f64Ops[i], F64(3.25), F64(3.25)));
            Assert.Equal(greater[i], Binary(shape, TestModule.F64, I32, f64Ops[i], F64(0.0), F64(-1e-300)));
        }
    }

    // ---- arithmetic ----

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ArithmeticIsNotCommutedByTheCompiler(Shape shape)
    {
        Assert.Equal(F32(-1.5f), Binary(shape, TestModule.F32, TestModule.F32, 0x93, F32(1f), F32(2.5f)));
        Assert.Equal(F32(0.4f), Binary(shape, TestModule.F32, TestModule.F32, 0x95, F32(1f), F32(2.5f)));
        Assert.Equal(F64(-1.5), Binary(shape, TestModule.F64, TestModule.F64, 0xA1, F64(1.0), F64(2.5)));
        Assert.Equal(F64(0.4), Binary(shape, TestModule.F64, TestModule.F64, 0xA3, F64(1.0), F64(2.5)));
        Assert.Equal(F64(6.0), Binary(shape, TestModule.F64, TestModule.F64, 0xA2, F64(2.0), F64(3.0)));
        Assert.Equal(F32(5.5f), Binary(shape, TestModule.F32, TestModule.F32, 0x92, F32(2.5f), F32(3f)));
    }

    // ---- nearest and the other roundings ----

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(1.5, 2.0)]
    [InlineData(2.5, 2.0)]
    [InlineData(3.5, 4.0)]
    [InlineData(-0.5, -0.0)]
    [InlineData(-2.5, -2.0)]
    [InlineData(-3.5, -4.0)]
    [InlineData(0.49999997, 0.0)]
    public void NearestRoundsHalfToEven(double input, double expected)
    {
        Assert.Equal(F32((float)expected), Unary(TestModule.F32, TestModule.F32, [0x90], F32((float)input)));
        Assert.Equal(F64(expected), Unary(TestModule.F64, TestModule.F64, [0x9E], F64(input)));
    }

    [Fact]
    public void NearestAtTheEdgeOfIntegralPrecision()
    {
        // 2^52 - 0.5 sits between two integers; the tie goes to the even 2^52.
        Assert.Equal(F64(4503599627370496.0), Unary(TestModule.F64, TestModule.F64, [0x9E], F64(4503599627370495.5)));
        Assert.Equal(F64(-4503599627370496.0), Unary(TestModule.F64, TestModule.F64, [0x9E], F64(-4503599627370495.5)));
        // 2^23 - 0.5 for f32, likewise.
        Assert.Equal(F32(8388608f), Unary(TestModule.F32, TestModule.F32, [0x90], F32(8388607.5f)));
    }

    [Fact]
    public void CeilFloorTruncKeepTheSignOfZero()
    {
        Assert.Equal(F32(-0f), Unary(TestModule.F32, TestModule.F32, [0x8D], F32(-0.5f)));   // ceil
        Assert.Equal(F32(-1f), Unary(TestModule.F32, TestModule.F32, [0x8E], F32(-0.5f)));   // floor
        Assert.Equal(F32(-0f), Unary(TestModule.F32, TestModule.F32, [0x8F], F32(-0.75f)));  // trunc
        Assert.Equal(F64(-0.0), Unary(TestModule.F64, TestModule.F64, [0x9B], F64(-0.5)));
        Assert.Equal(F64(0.0), Unary(TestModule.F64, TestModule.F64, [0x9C], F64(0.5)));
        Assert.Equal(F64(-1.0), Unary(TestModule.F64, TestModule.F64, [0x9D], F64(-1.75)));
    }

    // ---- bit operations ----

    [Fact]
    public void AbsNegCopysignKeepNanPayloads()
    {
        const ulong signalling32 = 0x7FA0_0001;
        Assert.Equal(signalling32 | 0x8000_0000, Unary(TestModule.F32, TestModule.F32, [0x8C], signalling32));
        Assert.Equal(signalling32, Unary(TestModule.F32, TestModule.F32, [0x8B], signalling32 | 0x8000_0000));
        const ulong signalling64 = 0x7FF0_0000_0000_0123;
        Assert.Equal(signalling64 | 0x8000_0000_0000_0000, Unary(TestModule.F64, TestModule.F64, [0x9A], signalling64));
        Assert.Equal(signalling64, Unary(TestModule.F64, TestModule.F64, [0x99], signalling64 | 0x8000_0000_0000_0000));
        Assert.Equal(F64(-0.0), Unary(TestModule.F64, TestModule.F64, [0x9A], F64(0.0)));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void CopysignTakesOnlyTheSignBit(Shape shape)
    {
        Assert.Equal(0xFFA0_0001UL, Binary(shape, TestModule.F32, TestModule.F32, 0x98, 0x7FA0_0001, F32(-0f)));
        Assert.Equal(F32(2f), Binary(shape, TestModule.F32, TestModule.F32, 0x98, F32(-2f), F32CanonicalNan));
        Assert.Equal(F32(-2f), Binary(shape, TestModule.F32, TestModule.F32, 0x98, F32(2f), 0xFF80_0001));
        Assert.Equal(0x7FF0_0000_0000_0001UL, Binary(shape, TestModule.F64, TestModule.F64, 0xA6, 0xFFF0_0000_0000_0001, F64(1.0)));
        Assert.Equal(F64(-1e-310), Binary(shape, TestModule.F64, TestModule.F64, 0xA6, F64(1e-310), F64(double.NegativeInfinity)));
    }

    [Fact]
    public void ReinterpretRoundTripsSignallingNans()
    {
        // f32.reinterpret_i32 (i32.reinterpret_f32 x) and the same through i64/f64.
        Assert.Equal(0x7F80_0001UL, Unary(TestModule.F32, TestModule.F32, [0xBC, 0xBE], 0x7F80_0001));
        Assert.Equal(0xFFF0_0000_0000_0001UL, Unary(TestModule.F64, TestModule.F64, [0xBD, 0xBF], 0xFFF0_0000_0000_0001));
        Assert.Equal(0xFF80_0001UL, Unary(TestModule.F32, I32, [0xBC], 0xFF80_0001));
        Assert.Equal(0x8000_0000_0000_0000UL, Unary(TestModule.F64, I64, [0xBD], F64(-0.0)));
        Assert.Equal(0x7FC0_1234UL, Unary(I32, TestModule.F32, [0xBE], 0x7FC0_1234));
        Assert.Equal(0x7FF8_0000_0000_0001UL, Unary(I64, TestModule.F64, [0xBF], 0x7FF8_0000_0000_0001));
    }

    // ---- trapping truncation ----

    private static byte[] TruncCode(byte op) => [0x20, 0, op];

    [Theory]
    // i32.trunc_f32_s
    [InlineData(0xA8, false, 2147483520.0, 2147483520L)]
    [InlineData(0xA8, false, -2147483648.0, -2147483648L)]
    [InlineData(0xA8, false, -0.99999994, 0L)]
    // i32.trunc_f64_s: anything in (-2^31 - 1, 2^31) truncates into range
    [InlineData(0xAA, true, -2147483648.9, -2147483648L)]
    [InlineData(0xAA, true, 2147483647.9, 2147483647L)]
    // i32.trunc_f32_u / f64_u: (-1, 2^32)
    [InlineData(0xA9, false, -0.99999994, 0L)]
    [InlineData(0xA9, false, 4294967040.0, 4294967040L)]
    [InlineData(0xAB, true, -0.9, 0L)]
    [InlineData(0xAB, true, 4294967295.9, 4294967295L)]
    // i64.trunc_f32_s / f64_s
    [InlineData(0xAE, false, -9223372036854775808.0, long.MinValue)]
    [InlineData(0xAE, false, 9223371487098961920.0, 9223371487098961920L)]
    [InlineData(0xB0, true, -9223372036854775808.0, long.MinValue)]
    [InlineData(0xB0, true, 9223372036854774784.0, 9223372036854774784L)]
    // i64.trunc_f32_u / f64_u: (-1, 2^64), both sides of 2^63
    [InlineData(0xAF, false, -0.99999994, 0L)]
    [InlineData(0xAF, false, 9223372036854775808.0, long.MinValue)]
    [InlineData(0xAF, false, 18446742974197923840.0, -1099511627776L)]
    [InlineData(0xB1, true, -0.9, 0L)]
    [InlineData(0xB1, true, 9223372036854774784.0, 9223372036854774784L)]
    [InlineData(0xB1, true, 9223372036854775808.0, long.MinValue)]
    [InlineData(0xB1, true, 18446744073709549568.0, -2048L)]
    public void TruncationJustInsideTheRange(byte op, bool fromF64, double input, long expected)
    {
        byte from = fromF64 ? TestModule.F64 : TestModule.F32;
        bool toI64 = op >= 0xAE;
        ulong bits = fromF64 ? F64(input) : F32((float)input);
        ulong result = Run([from], toI64 ? I64 : I32, TruncCode(op), bits);
        Assert.Equal(toI64 ? (ulong)expected : (uint)expected, result);
    }

    [Theory]
    [InlineData(0xA8, false, 2147483648.0)]
    [InlineData(0xA8, false, -2147483904.0)]
    [InlineData(0xA8, false, double.PositiveInfinity)]
    [InlineData(0xAA, true, 2147483648.0)]
    [InlineData(0xAA, true, -2147483649.0)]
    [InlineData(0xA9, false, -1.0)]
    [InlineData(0xA9, false, 4294967296.0)]
    [InlineData(0xAB, true, -1.0)]
    [InlineData(0xAB, true, 4294967296.0)]
    [InlineData(0xAE, false, 9223372036854775808.0)]
    [InlineData(0xAE, false, -9223373136366403584.0)]
    [InlineData(0xB0, true, 9223372036854775808.0)]
    [InlineData(0xB0, true, -9223372036854777856.0)]
    [InlineData(0xAF, false, -1.0)]
    [InlineData(0xAF, false, 18446744073709551616.0)]
    [InlineData(0xB1, true, -1.0)]
    [InlineData(0xB1, true, 18446744073709551616.0)]
    [InlineData(0xB1, true, double.NegativeInfinity)]
    public void TruncationJustOutsideTheRangeOverflows(byte op, bool fromF64, double input)
    {
        byte from = fromF64 ? TestModule.F64 : TestModule.F32;
        ulong bits = fromF64 ? F64(input) : F32((float)input);
        Assert.Equal(TrapKind.IntegerOverflow, Trap([from], op >= 0xAE ? I64 : I32, TruncCode(op), bits));
    }

    [Theory]
    [InlineData(0xA8)]
    [InlineData(0xA9)]
    [InlineData(0xAA)]
    [InlineData(0xAB)]
    [InlineData(0xAE)]
    [InlineData(0xAF)]
    [InlineData(0xB0)]
    [InlineData(0xB1)]
    public void TruncationOfNanIsAnInvalidConversion(byte op)
    {
        bool fromF64 = op is 0xAA or 0xAB or 0xB0 or 0xB1;
        byte result = op >= 0xAE ? I64 : I32;
        byte from = fromF64 ? TestModule.F64 : TestModule.F32;
        foreach (ulong nan in fromF64 ? new[] { F64CanonicalNan, 0xFFF0_0000_0000_0001 } : new ulong[] { F32CanonicalNan, 0xFF80_0001 })
        {
            Assert.Equal(TrapKind.InvalidConversionToInteger, Trap([from], result, TruncCode(op), nan));
        }
    }

    // ---- saturating truncation ----

    private static byte[] SatCode(byte sub) => [0x20, 0, 0xFC, sub];

    [Theory]
    [InlineData(0, false, 2147483648.0, 0x7FFF_FFFFUL)]
    [InlineData(0, false, -3e9, 0x8000_0000UL)]
    [InlineData(0, false, -2147483648.0, 0x8000_0000UL)]
    [InlineData(0, false, double.NaN, 0UL)]
    [InlineData(0, false, -1.5, 0xFFFF_FFFFUL)]
    [InlineData(1, false, -1.0, 0UL)]
    [InlineData(1, false, 4294967296.0, 0xFFFF_FFFFUL)]
    [InlineData(1, false, 4294967040.0, 4294967040UL)]
    [InlineData(1, false, double.NaN, 0UL)]
    [InlineData(2, true, 2147483647.9, 0x7FFF_FFFFUL)]
    [InlineData(2, true, 2147483648.0, 0x7FFF_FFFFUL)]
    [InlineData(2, true, -2147483649.0, 0x8000_0000UL)]
    [InlineData(2, true, double.NegativeInfinity, 0x8000_0000UL)]
    [InlineData(3, true, -0.9, 0UL)]
    [InlineData(3, true, -1e300, 0UL)]
    [InlineData(3, true, 4294967295.9, 0xFFFF_FFFFUL)]
    [InlineData(3, true, 1e300, 0xFFFF_FFFFUL)]
    [InlineData(3, true, double.NaN, 0UL)]
    [InlineData(4, false, 9223372036854775808.0, 0x7FFF_FFFF_FFFF_FFFFUL)]
    [InlineData(4, false, -9223373136366403584.0, 0x8000_0000_0000_0000UL)]
    [InlineData(4, false, double.NaN, 0UL)]
    [InlineData(5, false, 9223372036854775808.0, 0x8000_0000_0000_0000UL)]
    [InlineData(5, false, 18446744073709551616.0, 0xFFFF_FFFF_FFFF_FFFFUL)]
    [InlineData(5, false, -5.0, 0UL)]
    [InlineData(5, false, double.NaN, 0UL)]
    [InlineData(6, true, 9223372036854775808.0, 0x7FFF_FFFF_FFFF_FFFFUL)]
    [InlineData(6, true, -9223372036854775808.0, 0x8000_0000_0000_0000UL)]
    [InlineData(6, true, double.PositiveInfinity, 0x7FFF_FFFF_FFFF_FFFFUL)]
    [InlineData(6, true, double.NaN, 0UL)]
    [InlineData(7, true, 18446744073709549568.0, 0xFFFF_FFFF_FFFF_F800UL)]
    [InlineData(7, true, 18446744073709551616.0, 0xFFFF_FFFF_FFFF_FFFFUL)]
    [InlineData(7, true, 9223372036854774784.0, 9223372036854774784UL)]
    [InlineData(7, true, double.NegativeInfinity, 0UL)]
    [InlineData(7, true, double.NaN, 0UL)]
    public void SaturatingTruncation(byte sub, bool fromF64, double input, ulong expected)
    {
        byte from = fromF64 ? TestModule.F64 : TestModule.F32;
        ulong bits = fromF64 ? F64(input) : F32((float)input);
        Assert.Equal(expected, Run([from], sub >= 4 ? I64 : I32, SatCode(sub), bits));
    }

    [Fact]
    public void SaturatingTruncationOfNegativeNans()
    {
        Assert.Equal(0UL, Run([TestModule.F32], I32, SatCode(0), 0xFFC0_0000));
        Assert.Equal(0UL, Run([TestModule.F64], I64, SatCode(7), 0xFFF8_0000_0000_0000));
    }

    // ---- integer to float ----

    [Theory]
    // Exact and the largest values.
    [InlineData(0xFFFF_FFFF_FFFF_FFFFUL, 0x5F80_0000U, 0x43F0_0000_0000_0000UL)]
    [InlineData(0x8000_0000_0000_0000UL, 0x5F00_0000U, 0x43E0_0000_0000_0000UL)]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFUL, 0x5F00_0000U, 0x43E0_0000_0000_0000UL)]
    [InlineData(1UL, 0x3F80_0000U, 0x3FF0_0000_0000_0000UL)]
    [InlineData(0UL, 0U, 0UL)]
    // 2^63 + half an f32 ulp + 1: above the tie, so up; halving without the sticky bit would make it a tie and round to even (down).
    [InlineData(0x8000_0080_0000_0001UL, 0x5F00_0001U, 0x43E0_0000_1000_0000UL)]
    // Exactly the tie: to even.
    [InlineData(0x8000_0080_0000_0000UL, 0x5F00_0000U, 0x43E0_0000_1000_0000UL)]
    // 2^63 + half an f64 ulp + 1, and the exact f64 tie.
    [InlineData(0x8000_0000_0000_0401UL, 0x5F00_0000U, 0x43E0_0000_0000_0001UL)]
    [InlineData(0x8000_0000_0000_0400UL, 0x5F00_0000U, 0x43E0_0000_0000_0000UL)]
    [InlineData(0x8000_0000_0000_0C00UL, 0x5F00_0000U, 0x43E0_0000_0000_0002UL)]
    public void UnsignedI64ToFloatRoundsOnce(ulong input, uint expectedF32, ulong expectedF64)
    {
        Assert.Equal(expectedF32, Unary(I64, TestModule.F32, [0xB5], input));
        Assert.Equal(expectedF64, Unary(I64, TestModule.F64, [0xBA], input));
    }

    [Theory]
    [InlineData(0xFFFF_FFFFU, 4294967296f, 4294967295.0, -1f, -1.0)]
    [InlineData(0x8000_0000U, 2147483648f, 2147483648.0, -2147483648f, -2147483648.0)]
    [InlineData(0x0100_0001U, 16777216f, 16777217.0, 16777216f, 16777217.0)]
    [InlineData(0U, 0f, 0.0, 0f, 0.0)]
    public void I32ToFloat(uint input, float unsignedF32, double unsignedF64, float signedF32, double signedF64)
    {
        Assert.Equal(F32(unsignedF32), Unary(I32, TestModule.F32, [0xB3], input));
        Assert.Equal(F64(unsignedF64), Unary(I32, TestModule.F64, [0xB8], input));
        Assert.Equal(F32(signedF32), Unary(I32, TestModule.F32, [0xB2], input));
        Assert.Equal(F64(signedF64), Unary(I32, TestModule.F64, [0xB7], input));
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(-1L)]
    [InlineData(0x0020_0000_2000_0001L)]
    [InlineData(long.MaxValue)]
    public void SignedI64ToFloat(long input)
    {
        Assert.Equal(F32(input), Unary(I64, TestModule.F32, [0xB4], (ulong)input));
        Assert.Equal(F64(input), Unary(I64, TestModule.F64, [0xB9], (ulong)input));
    }

    // ---- demote / promote ----

    [Fact]
    public void DemoteAndPromote()
    {
        Assert.Equal(F32(float.PositiveInfinity), Unary(TestModule.F64, TestModule.F32, [0xB6], F64(3.5e38)));
        Assert.Equal(F32(1.5f), Unary(TestModule.F64, TestModule.F32, [0xB6], F64(1.5)));
        Assert.Equal(F32(-0f), Unary(TestModule.F64, TestModule.F32, [0xB6], F64(-1e-300)));
        Assert.True(IsCanonicalF32Nan(Unary(TestModule.F64, TestModule.F32, [0xB6], F64CanonicalNan)));
        Assert.Equal(F64((double)1.1f), Unary(TestModule.F32, TestModule.F64, [0xBB], F32(1.1f)));
        Assert.True(IsCanonicalF64Nan(Unary(TestModule.F32, TestModule.F64, [0xBB], 0xFFC0_0000)));
    }

    // ---- select and register pressure ----

    [Fact]
    public void SelectOfFloats()
    {
        byte[] code = [0x20, 0, 0x20, 1, 0x20, 2, 0x1B];
        Assert.Equal(F32(1f), Run([TestModule.F32, TestModule.F32, I32], TestModule.F32, code, F32(1f), F32(2f), 1));
        Assert.Equal(F32(2f), Run([TestModule.F32, TestModule.F32, I32], TestModule.F32, code, F32(1f), F32(2f), 0));
        Assert.Equal(0x7FF0_0000_0000_0001UL, Run([TestModule.F64, TestModule.F64, I32], TestModule.F64, code, 0x7FF0_0000_0000_0001, F64(2.0), 7));
        Assert.Equal(F64(2.0), Run([TestModule.F64, TestModule.F64, I32], TestModule.F64, code, F64(1.0), F64(2.0), 0));
    }

    [Fact]
    public void MoreLiveFloatsThanXmmTemporaries()
    {
        // Twelve values on the stack at once, then folded with sub (so order matters): more than the
        // seven xmm temporaries, so some are spilled and reloaded. x0 - (x1 - (x2 - ...)).
        const int count = 12;
        var code = new List<byte>();
        for (int i = 0; i < count; i++) code.AddRange([0x20, (byte)i, 0xBB]);   // f64.promote_f32
        for (int i = 1; i < count; i++) code.Add(0xA1);
        var parameters = Enumerable.Repeat(TestModule.F32, count).ToArray();
        var arguments = Enumerable.Range(0, count).Select(i => F32(i * 1.5f + 1)).ToArray();

        double expected = 0;
        for (int i = count - 1; i >= 0; i--) expected = i == count - 1 ? i * 1.5 + 1 : (i * 1.5 + 1) - expected;
        Assert.Equal(F64(expected), Run(parameters, TestModule.F64, [.. code], arguments));
    }

    [Fact]
    public void ComparisonsAndConversionsUnderGprPressure()
    {
        // Nine i32 comparison results live at once (more than the eight GPR temporaries), then summed.
        var code = new List<byte>();
        for (int i = 0; i < 9; i++) code.AddRange([0x20, 0, .. Const(TestModule.F64, F64(i)), 0x64]);  // x > i
        for (int i = 1; i < 9; i++) code.Add(0x6A);
        Assert.Equal(5UL, Run([TestModule.F64], I32, [.. code], F64(4.5)));
        Assert.Equal(0UL, Run([TestModule.F64], I32, [.. code], F64CanonicalNan));
    }
}
