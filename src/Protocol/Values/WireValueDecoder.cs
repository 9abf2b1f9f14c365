using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Wasmbox.Protocol.Values;

/// <summary>
/// Reads a JSON value as a value of a given type (the type comes from the signature: plain JSON numbers
/// do not say which wasm type they are). Accepts everything <see cref="WireValueEncoder"/> writes, and:
/// <list type="bullet">
/// <item>i32: an integer JSON number or decimal string from -2^31 to 2^32-1 (unsigned values wrap).</item>
/// <item>i64: an integer JSON number or decimal string from -2^63 to 2^64-1 (unsigned values wrap).</item>
/// <item>f32/f64: any JSON number, rounded to nearest (one too large for the type is refused rather
/// than turned into an infinity); "NaN", "Infinity", "-Infinity".</item>
/// <item>every numeric type and v128: <c>{"bits": "0x…"}</c> with 1 to 8/16/8/16/32 hex digits (i32,
/// i64, f32, f64, v128), the exact bits.</item>
/// <item>references: null, or <c>{"handle": "N"}</c> with a non-zero handle, decimal or 0x-hex.</item>
/// </list>
/// Anything else throws <see cref="WireValueFormatException"/> naming what was expected.
/// </summary>
public static class WireValueDecoder
{
    public static WireValue Read(JsonElement json, WireValueType type) => type switch
    {
        WireValueType.I32 => new(type, ReadI32(json)),
        WireValueType.I64 => new(type, ReadI64(json)),
        WireValueType.F32 => new(type, ReadF32(json)),
        WireValueType.F64 => new(type, ReadF64(json)),
        WireValueType.V128 => ReadV128(json),
        WireValueType.FuncRef or WireValueType.ExternRef => new(type, ReadReference(json, type)),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown value type"),
    };

    private static ulong ReadI32(JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Object)
            return ReadBits(json, WireValueType.I32, 8);
        long value = json.ValueKind switch
        {
            JsonValueKind.Number when json.TryGetInt64(out long number) => number,
            JsonValueKind.String when long.TryParse(json.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed) => parsed,
            _ => throw Invalid(json, WireValueType.I32, "an integer (a JSON number or a decimal string)"),
        };
        if (value is < int.MinValue or > uint.MaxValue)
            throw Invalid(json, WireValueType.I32, "an integer from -2147483648 to 4294967295");
        return (uint)value;
    }

    private static ulong ReadI64(JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Object)
            return ReadBits(json, WireValueType.I64, 16);
        if (json.ValueKind == JsonValueKind.Number)
        {
            if (json.TryGetInt64(out long signed))
                return (ulong)signed;
            if (json.TryGetUInt64(out ulong unsigned))
                return unsigned;
        }
        else if (json.ValueKind == JsonValueKind.String)
        {
            string? text = json.GetString();
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long signed))
                return (ulong)signed;
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong unsigned))
                return unsigned;
        }
        throw Invalid(json, WireValueType.I64, "an integer from -9223372036854775808 to 18446744073709551615 (a JSON number or a decimal string)");
    }

    private static ulong ReadF32(JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Number:
                // Parsed straight to float from the JSON text: going through double first could round twice.
                if (float.TryParse(JsonMarshal.GetRawUtf8Value(json), NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value))
                    return BitConverter.SingleToUInt32Bits(value);
                throw Invalid(json, WireValueType.F32, "a number within f32's range");
            case JsonValueKind.String when json.ValueEquals("NaN"u8):
                return WireValueEncoder.CanonicalNaN32;
            case JsonValueKind.String when json.ValueEquals("Infinity"u8):
                return BitConverter.SingleToUInt32Bits(float.PositiveInfinity);
            case JsonValueKind.String when json.ValueEquals("-Infinity"u8):
                return BitConverter.SingleToUInt32Bits(float.NegativeInfinity);
            case JsonValueKind.Object:
                return ReadBits(json, WireValueType.F32, 8);
            default:
                throw Invalid(json, WireValueType.F32, "a number, \"NaN\", \"Infinity\", \"-Infinity\" or {\"bits\": \"0x…\"}");
        }
    }

    private static ulong ReadF64(JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Number:
                if (double.TryParse(JsonMarshal.GetRawUtf8Value(json), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
                    return BitConverter.DoubleToUInt64Bits(value);
                throw Invalid(json, WireValueType.F64, "a number within f64's range");
            case JsonValueKind.String when json.ValueEquals("NaN"u8):
                return WireValueEncoder.CanonicalNaN64;
            case JsonValueKind.String when json.ValueEquals("Infinity"u8):
                return BitConverter.DoubleToUInt64Bits(double.PositiveInfinity);
            case JsonValueKind.String when json.ValueEquals("-Infinity"u8):
                return BitConverter.DoubleToUInt64Bits(double.NegativeInfinity);
            case JsonValueKind.Object:
                return ReadBits(json, WireValueType.F64, 16);
            default:
                throw Invalid(json, WireValueType.F64, "a number, \"NaN\", \"Infinity\", \"-Infinity\" or {\"bits\": \"0x…\"}");
        }
    }

    private static WireValue ReadV128(JsonElement json)
    {
        ReadOnlySpan<char> hex = BitsHex(json, WireValueType.V128, 32);
        return WireValue.V128(UInt128.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
    }

    private static ulong ReadBits(JsonElement json, WireValueType type, int maxDigits) =>
        ulong.Parse(BitsHex(json, type, maxDigits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>The hex digits of <c>{"bits": "0x…"}</c>, checked for form and width.</summary>
    private static ReadOnlySpan<char> BitsHex(JsonElement json, WireValueType type, int maxDigits)
    {
        string expected = $"{{\"bits\": \"0x…\"}} with 1 to {maxDigits} hex digits";
        if (json.ValueKind != JsonValueKind.Object
            || !json.TryGetProperty("bits"u8, out JsonElement bits)
            || bits.ValueKind != JsonValueKind.String)
        {
            throw Invalid(json, type, expected);
        }

        string text = bits.GetString()!;
        if (text.Length < 3 || text[0] != '0' || (text[1] | 0x20) != 'x')
            throw Invalid(json, type, expected);
        ReadOnlySpan<char> digits = text.AsSpan(2);
        if (digits.Length > maxDigits || digits.ContainsAnyExcept("0123456789abcdefABCDEF"))
            throw Invalid(json, type, expected);
        return digits;
    }

    private static ulong ReadReference(JsonElement json, WireValueType type)
    {
        if (json.ValueKind == JsonValueKind.Null)
            return 0;
        if (json.ValueKind == JsonValueKind.Object
            && json.TryGetProperty("handle"u8, out JsonElement handle)
            && handle.ValueKind == JsonValueKind.String
            && TryParseHandle(handle.GetString()!, out ulong value)
            && value != 0)
        {
            return value;
        }
        throw Invalid(json, type, "null or {\"handle\": \"N\"} with a non-zero handle");
    }

    private static bool TryParseHandle(string text, out ulong value) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static WireValueFormatException Invalid(JsonElement json, WireValueType type, string expected)
    {
        string text = json.ValueKind == JsonValueKind.Undefined ? "nothing" : json.GetRawText();
        if (text.Length > 60)
            text = text[..60] + "…";
        return new WireValueFormatException($"Invalid {type.ToWireName()} value {text}: expected {expected}");
    }
}
