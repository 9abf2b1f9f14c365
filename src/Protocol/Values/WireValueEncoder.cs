using System.Text.Json;

namespace Wasmbox.Protocol.Values;

/// <summary>
/// Writes a value in its one canonical JSON form, chosen so that every value of every type reads back
/// to the same bits and plain values stay plain:
/// <list type="bullet">
/// <item>i32: a JSON number, signed.</item>
/// <item>i64: a decimal string, signed (JSON numbers lose precision beyond 2^53 in many languages).</item>
/// <item>f32/f64: a finite value as the shortest JSON number that reads back to the same bits (so -0.0
/// is <c>-0</c>); infinities as "Infinity"/"-Infinity"; the canonical NaN (positive, quiet, no payload)
/// as "NaN"; any other NaN as <c>{"bits": "0x…"}</c> with 8 (f32) or 16 (f64) hex digits.</item>
/// <item>v128: <c>{"bits": "0x…"}</c>, 32 hex digits, the 128-bit little-endian value.</item>
/// <item>funcref/externref: null, or <c>{"handle": "N"}</c> with the opaque handle in decimal.</item>
/// </list>
/// </summary>
public static class WireValueEncoder
{
    internal const uint CanonicalNaN32 = 0x7FC0_0000;
    internal const ulong CanonicalNaN64 = 0x7FF8_0000_0000_0000;

    public static void Write(Utf8JsonWriter writer, WireValue value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value.Type)
        {
            case WireValueType.I32:
                writer.WriteNumberValue((int)(uint)value.Bits);
                break;
            case WireValueType.I64:
                Span<byte> digits = stackalloc byte[20];
                ((long)value.Bits).TryFormat(digits, out int length, provider: System.Globalization.CultureInfo.InvariantCulture);
                writer.WriteStringValue(digits[..length]);
                break;
            case WireValueType.F32:
                WriteF32(writer, (uint)value.Bits);
                break;
            case WireValueType.F64:
                WriteF64(writer, value.Bits);
                break;
            case WireValueType.V128:
                WriteBits(writer, $"0x{value.HighBits:x16}{value.Bits:x16}");
                break;
            case WireValueType.FuncRef or WireValueType.ExternRef:
                if (value.Bits == 0)
                {
                    writer.WriteNullValue();
                    break;
                }
                writer.WriteStartObject();
                writer.WriteString("handle"u8, value.Bits.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteEndObject();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.Type, "unknown value type");
        }
    }

    private static void WriteF32(Utf8JsonWriter writer, uint bits)
    {
        float value = BitConverter.UInt32BitsToSingle(bits);
        if (float.IsFinite(value))
            writer.WriteNumberValue(value);
        else if (float.IsPositiveInfinity(value))
            writer.WriteStringValue("Infinity"u8);
        else if (float.IsNegativeInfinity(value))
            writer.WriteStringValue("-Infinity"u8);
        else if (bits == CanonicalNaN32)
            writer.WriteStringValue("NaN"u8);
        else
            WriteBits(writer, $"0x{bits:x8}");
    }

    private static void WriteF64(Utf8JsonWriter writer, ulong bits)
    {
        double value = BitConverter.UInt64BitsToDouble(bits);
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else if (double.IsPositiveInfinity(value))
            writer.WriteStringValue("Infinity"u8);
        else if (double.IsNegativeInfinity(value))
            writer.WriteStringValue("-Infinity"u8);
        else if (bits == CanonicalNaN64)
            writer.WriteStringValue("NaN"u8);
        else
            WriteBits(writer, $"0x{bits:x16}");
    }

    private static void WriteBits(Utf8JsonWriter writer, string hex)
    {
        writer.WriteStartObject();
        writer.WriteString("bits"u8, hex);
        writer.WriteEndObject();
    }
}
