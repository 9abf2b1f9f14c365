using System.Text.Json;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Protocol.Tests.Values;

/// <summary>Every value of every type survives encode → JSON text → decode with its exact bits.</summary>
public class WireValueRoundTripTests
{
    public static TheoryData<WireValue> Values() =>
    [
        WireValue.I32(0), WireValue.I32(1), WireValue.I32(-1), WireValue.I32(int.MinValue), WireValue.I32(int.MaxValue),
        WireValue.I64(0), WireValue.I64(-1), WireValue.I64(long.MinValue), WireValue.I64(long.MaxValue),
        WireValue.I64((1L << 53) + 1), WireValue.I64(-(1L << 53) - 1),
        WireValue.F32(0f), WireValue.F32(-0f), WireValue.F32(1.5f), WireValue.F32(0.1f), WireValue.F32(-3.4028235e38f),
        WireValue.F32(float.Epsilon), WireValue.F32(-float.Epsilon), WireValue.F32(1.17549435e-38f), WireValue.F32(float.MaxValue),
        WireValue.F32(float.PositiveInfinity), WireValue.F32(float.NegativeInfinity),
        WireValue.F32FromBits(0x7FC0_0000), WireValue.F32FromBits(0xFFC0_0000), WireValue.F32FromBits(0x7FC0_0001),
        WireValue.F32FromBits(0x7F80_0001), WireValue.F32FromBits(0xFFFF_FFFF), WireValue.F32FromBits(0x7FA0_BEEF),
        WireValue.F64(0d), WireValue.F64(-0d), WireValue.F64(0.1), WireValue.F64(1e308), WireValue.F64(double.Epsilon),
        WireValue.F64(-double.MaxValue), WireValue.F64(2.2250738585072014e-308), WireValue.F64(9007199254740993d),
        WireValue.F64(double.PositiveInfinity), WireValue.F64(double.NegativeInfinity),
        WireValue.F64FromBits(0x7FF8_0000_0000_0000), WireValue.F64FromBits(0xFFF8_0000_0000_0000),
        WireValue.F64FromBits(0x7FF8_0000_0000_0001), WireValue.F64FromBits(0x7FF0_0000_0000_0001), WireValue.F64FromBits(0xFFFF_FFFF_FFFF_FFFF),
        WireValue.V128(UInt128.Zero), WireValue.V128(UInt128.MaxValue), WireValue.V128(new UInt128(0x0102_0304_0506_0708, 0x090A_0B0C_0D0E_0F10)),
        WireValue.NullReference(WireValueType.FuncRef), WireValue.NullReference(WireValueType.ExternRef),
        WireValue.Reference(WireValueType.FuncRef, 1), WireValue.Reference(WireValueType.ExternRef, ulong.MaxValue),
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void EveryValueRoundTripsExactly(WireValue value)
    {
        string json = WireValueJson.ToJson(value).GetRawText();
        WireValue back = WireValueDecoder.Read(JsonElement.Parse(json), value.Type);
        Assert.Equal(value, back);
    }

    [Fact]
    public void EveryF32BitPatternAroundTheEdgesRoundTrips()
    {
        uint[] anchors = [0, 0x0000_0001, 0x007F_FFFF, 0x0080_0000, 0x3F80_0000, 0x7F7F_FFFF, 0x7F80_0000, 0x7FC0_0000, 0x8000_0000, 0xFF80_0000];
        foreach (uint anchor in anchors)
        {
            for (uint delta = 0; delta < 512; delta++)
            {
                var value = WireValue.F32FromBits(unchecked(anchor + delta));
                Assert.Equal(value, WireValueDecoder.Read(WireValueJson.ToJson(value), WireValueType.F32));
            }
        }
    }

    [Fact]
    public void RandomF64BitPatternsRoundTrip()
    {
        var random = new Random(12345);
        for (int i = 0; i < 20_000; i++)
        {
            var value = WireValue.F64FromBits((ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63));
            Assert.Equal(value, WireValueDecoder.Read(WireValueJson.ToJson(value), WireValueType.F64));
        }
    }

    [Fact]
    public void ListsRoundTripTypedBySignature()
    {
        WireValue[] values = [WireValue.I32(-7), WireValue.I64(long.MinValue), WireValue.F32(-0f), WireValue.F64(double.NaN), WireValue.NullReference(WireValueType.ExternRef)];
        JsonElement[] json = WireValueJson.ToJson(values);
        Assert.Equal(values, WireValueJson.FromJson(json, values.Select(v => v.Type).ToArray()));
    }
}
