using System.Text.Json;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Protocol.Tests.Values;

/// <summary>The exact JSON forms written and the forms accepted (and refused) on input.</summary>
public class WireValueFormTests
{
    private static string Encode(WireValue value) => WireValueJson.ToJson(value).GetRawText();

    private static WireValue Decode(string json, WireValueType type) => WireValueDecoder.Read(JsonElement.Parse(json), type);

    [Fact]
    public void WritesTheDocumentedCanonicalForms()
    {
        Assert.Equal("-1", Encode(WireValue.I32(-1)));
        Assert.Equal("-2147483648", Encode(WireValue.I32(int.MinValue)));
        Assert.Equal("\"-9223372036854775808\"", Encode(WireValue.I64(long.MinValue)));
        Assert.Equal("\"9007199254740993\"", Encode(WireValue.I64(9007199254740993)));
        Assert.Equal("1.5", Encode(WireValue.F32(1.5f)));
        Assert.Equal("0.1", Encode(WireValue.F32(0.1f)));
        Assert.Equal("0.1", Encode(WireValue.F64(0.1)));
        Assert.Equal("-0", Encode(WireValue.F32(-0f)));
        Assert.Equal("-0", Encode(WireValue.F64(-0d)));
        Assert.Equal("\"Infinity\"", Encode(WireValue.F64(double.PositiveInfinity)));
        Assert.Equal("\"-Infinity\"", Encode(WireValue.F32(float.NegativeInfinity)));
        Assert.Equal("\"NaN\"", Encode(WireValue.F32FromBits(0x7FC0_0000)));
        Assert.Equal("\"NaN\"", Encode(WireValue.F64FromBits(0x7FF8_0000_0000_0000)));
        Assert.Equal("{\"bits\":\"0xffc00000\"}", Encode(WireValue.F32FromBits(0xFFC0_0000)));
        Assert.Equal("{\"bits\":\"0x7fc00001\"}", Encode(WireValue.F32FromBits(0x7FC0_0001)));
        Assert.Equal("{\"bits\":\"0x7ff0000000000001\"}", Encode(WireValue.F64FromBits(0x7FF0_0000_0000_0001)));
        Assert.Equal("{\"bits\":\"0x0102030405060708090a0b0c0d0e0f10\"}", Encode(WireValue.V128(new UInt128(0x0102_0304_0506_0708, 0x090A_0B0C_0D0E_0F10))));
        Assert.Equal("null", Encode(WireValue.NullReference(WireValueType.FuncRef)));
        Assert.Equal("{\"handle\":\"42\"}", Encode(WireValue.Reference(WireValueType.ExternRef, 42)));
    }

    [Theory]
    [InlineData("7", 7u)]
    [InlineData("-1", 0xFFFF_FFFFu)]
    [InlineData("4294967295", 0xFFFF_FFFFu)]
    [InlineData("-2147483648", 0x8000_0000u)]
    [InlineData("\"-5\"", 0xFFFF_FFFBu)]
    [InlineData("{\"bits\":\"0xdeadBEEF\"}", 0xDEAD_BEEFu)]
    public void AcceptsI32Forms(string json, uint bits) => Assert.Equal(bits, Decode(json, WireValueType.I32).Bits);

    [Theory]
    [InlineData("9007199254740993", 9007199254740993UL)]
    [InlineData("\"9007199254740993\"", 9007199254740993UL)]
    [InlineData("\"-9223372036854775808\"", 0x8000_0000_0000_0000UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("\"18446744073709551615\"", ulong.MaxValue)]
    [InlineData("-1", ulong.MaxValue)]
    [InlineData("{\"bits\":\"0x8000000000000000\"}", 0x8000_0000_0000_0000UL)]
    public void AcceptsI64FormsExactlyBeyond2To53(string json, ulong bits) => Assert.Equal(bits, Decode(json, WireValueType.I64).Bits);

    [Theory]
    [InlineData("1", 0x3F80_0000u)]
    [InlineData("-0", 0x8000_0000u)]
    [InlineData("-0.0", 0x8000_0000u)]
    [InlineData("1e-50", 0u)]
    [InlineData("3.4028235677973366e38", 0x7F7F_FFFFu)]
    [InlineData("\"NaN\"", 0x7FC0_0000u)]
    [InlineData("\"Infinity\"", 0x7F80_0000u)]
    [InlineData("\"-Infinity\"", 0xFF80_0000u)]
    [InlineData("{\"bits\":\"0x7f800001\"}", 0x7F80_0001u)]
    [InlineData("{\"bits\":\"0X1\"}", 1u)]
    public void AcceptsF32Forms(string json, uint bits) => Assert.Equal(bits, Decode(json, WireValueType.F32).Bits);

    [Fact]
    public void ParsesF32TextDirectlyWithoutDoubleRounding()
    {
        // 1.00000005960464477539062500000000001 lies just above the midpoint between two floats:
        // correct rounding gives the upper one, rounding to double first lands on the midpoint and
        // then ties to even, giving the lower.
        Assert.Equal(0x3F80_0001u, Decode("1.00000005960464477539062500000000001", WireValueType.F32).Bits);
    }

    [Theory]
    [InlineData("1.5", WireValueType.I32)]
    [InlineData("4294967296", WireValueType.I32)]
    [InlineData("-2147483649", WireValueType.I32)]
    [InlineData("\"12abc\"", WireValueType.I32)]
    [InlineData("true", WireValueType.I32)]
    [InlineData("null", WireValueType.I32)]
    [InlineData("{\"bits\":\"0x123456789\"}", WireValueType.I32)]
    [InlineData("18446744073709551616", WireValueType.I64)]
    [InlineData("\"1e3\"", WireValueType.I64)]
    [InlineData("\" 5\"", WireValueType.I64)]
    [InlineData("1e39", WireValueType.F32)]
    [InlineData("1e309", WireValueType.F64)]
    [InlineData("\"nan\"", WireValueType.F64)]
    [InlineData("\"1.5\"", WireValueType.F64)]
    [InlineData("{\"bits\":\"7ff8000000000000\"}", WireValueType.F64)]
    [InlineData("{\"bits\":\"0x\"}", WireValueType.F64)]
    [InlineData("{\"bits\":\"0xzz\"}", WireValueType.F64)]
    [InlineData("{\"bits\":1}", WireValueType.F64)]
    [InlineData("\"0x00\"", WireValueType.V128)]
    [InlineData("{\"bits\":\"0x000000000000000000000000000000001\"}", WireValueType.V128)]
    [InlineData("0", WireValueType.FuncRef)]
    [InlineData("{\"handle\":\"0\"}", WireValueType.ExternRef)]
    [InlineData("{\"handle\":7}", WireValueType.ExternRef)]
    public void RefusesEverythingElseWithAMessageNamingTheType(string json, WireValueType type)
    {
        WireValueFormatException error = Assert.Throws<WireValueFormatException>(() => Decode(json, type));
        Assert.Contains($"Invalid {type.ToWireName()} value", error.Message, StringComparison.Ordinal);
        Assert.Equal(Protocol.JsonRpc.JsonRpcErrorCodes.InvalidParams, error.Code);
    }

    [Fact]
    public void AcceptsHandlesInDecimalOrHex()
    {
        Assert.Equal(255UL, Decode("{\"handle\":\"255\"}", WireValueType.FuncRef).Bits);
        Assert.Equal(255UL, Decode("{\"handle\":\"0xff\"}", WireValueType.FuncRef).Bits);
    }

    [Fact]
    public void ListsMustMatchTheSignatureInLength()
    {
        JsonElement[] json = WireValueJson.ToJson([WireValue.I32(1)]);
        WireValueFormatException error = Assert.Throws<WireValueFormatException>(() =>
            WireValueJson.FromJson(json, [WireValueType.I32, WireValueType.I64]));
        Assert.Equal("Expected 2 args (i32, i64), got 1", error.Message);

        error = Assert.Throws<WireValueFormatException>(() => WireValueJson.FromJson(json, [WireValueType.V128]));
        Assert.StartsWith("args[0]: Invalid v128 value 1", error.Message, StringComparison.Ordinal);
    }
}
