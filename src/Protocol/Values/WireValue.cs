using System.Globalization;

namespace Wasmbox.Protocol.Values;

/// <summary>
/// A WebAssembly value as the protocol carries it: its type and its raw bits, so floats keep their
/// exact bit patterns (NaN payloads, -0.0). Mirrors the engine's <c>{ValType Type; ulong Bits}</c>;
/// <see cref="HighBits"/> holds the upper half of a v128 and is zero for every other type.
/// References are opaque handles, 0 being null.
/// </summary>
public readonly record struct WireValue(WireValueType Type, ulong Bits, ulong HighBits = 0)
{
    public static WireValue I32(int value) => new(WireValueType.I32, (uint)value);
    public static WireValue I64(long value) => new(WireValueType.I64, (ulong)value);
    public static WireValue F32(float value) => new(WireValueType.F32, BitConverter.SingleToUInt32Bits(value));
    public static WireValue F64(double value) => new(WireValueType.F64, BitConverter.DoubleToUInt64Bits(value));
    public static WireValue F32FromBits(uint bits) => new(WireValueType.F32, bits);
    public static WireValue F64FromBits(ulong bits) => new(WireValueType.F64, bits);
    public static WireValue V128(UInt128 bits) => new(WireValueType.V128, (ulong)bits, (ulong)(bits >> 64));
    public static WireValue NullReference(WireValueType type) => new(RequireReference(type), 0);
    public static WireValue Reference(WireValueType type, ulong handle) => new(RequireReference(type), handle);

    public int AsI32() => (int)(uint)Expect(WireValueType.I32);
    public long AsI64() => (long)Expect(WireValueType.I64);
    public float AsF32() => BitConverter.UInt32BitsToSingle((uint)Expect(WireValueType.F32));
    public double AsF64() => BitConverter.UInt64BitsToDouble(Expect(WireValueType.F64));
    public UInt128 AsV128() => new(HighBits, Expect(WireValueType.V128));

    public bool IsNullReference => Type.IsReference() && Bits == 0;

    public override string ToString() => Type switch
    {
        WireValueType.I32 => $"i32:{AsI32()}",
        WireValueType.I64 => $"i64:{AsI64()}",
        WireValueType.F32 => $"f32:{AsF32().ToString(CultureInfo.InvariantCulture)} (0x{Bits:x8})",
        WireValueType.F64 => $"f64:{AsF64().ToString(CultureInfo.InvariantCulture)} (0x{Bits:x16})",
        WireValueType.V128 => $"v128:0x{HighBits:x16}{Bits:x16}",
        _ => Bits == 0 ? $"{Type.ToWireName()}:null" : $"{Type.ToWireName()}:handle {Bits}",
    };

    private ulong Expect(WireValueType expected) =>
        Type == expected ? Bits : throw new InvalidOperationException($"the value is {Type.ToWireName()}, not {expected.ToWireName()}");

    private static WireValueType RequireReference(WireValueType type) =>
        type.IsReference() ? type : throw new ArgumentException($"{type.ToWireName()} is not a reference type", nameof(type));
}
