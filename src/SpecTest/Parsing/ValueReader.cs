using System.Globalization;
using System.Text.Json;
using Wasmbox.Engine.Binary;
using Wasmbox.SpecTest.Model;

namespace Wasmbox.SpecTest.Parsing;

/// <summary>
/// Reads wast2json values: <c>{"type": "i32", "value": "42"}</c>, numbers as decimal strings of their
/// bit patterns; floats as bits or <c>nan:canonical</c>/<c>nan:arithmetic</c>; v128 as a
/// <c>lane_type</c> and a list of lane strings; references as <c>"null"</c> or a host number.
/// </summary>
internal static class ValueReader
{
    private const string CanonicalNan = "nan:canonical";
    private const string ArithmeticNan = "nan:arithmetic";

    /// <summary>An argument: always a concrete value.</summary>
    public static SpecValue ReadArgument(JsonElement json)
    {
        var type = ReadType(json);
        if (type == ValType.V128)
        {
            var (lane, lanes) = ReadLanes(json);
            UInt128 bits = 0;
            for (var i = 0; i < lanes.Count; i++)
            {
                bits |= (UInt128)ParseBits(lanes[i], lane.BitWidth()) << (i * lane.BitWidth());
            }
            return SpecValue.V128(bits);
        }
        return ReadScalar(type, json.RequiredString("value"));
    }

    /// <summary>An expected result: a concrete value, a NaN kind, v128 lane patterns, or a bare type.</summary>
    public static ExpectedValue ReadExpected(JsonElement json)
    {
        var type = ReadType(json);
        if (!json.TryGetProperty("value", out _)) return new AnyValueOfType(type);

        if (type == ValType.V128)
        {
            var (lane, lanes) = ReadLanes(json);
            return new V128Value(lane, lanes.Select(text => ReadLane(lane, text)).ToArray());
        }

        var text = json.RequiredString("value");
        return text switch
        {
            CanonicalNan or ArithmeticNan when type is ValType.F32 or ValType.F64 =>
                new NanValue(type, text == CanonicalNan ? NanKind.Canonical : NanKind.Arithmetic),
            _ => new ExactValue(ReadScalar(type, text)),
        };
    }

    private static ValType ReadType(JsonElement json) => json.RequiredString("type") switch
    {
        "i32" => ValType.I32,
        "i64" => ValType.I64,
        "f32" => ValType.F32,
        "f64" => ValType.F64,
        "v128" => ValType.V128,
        "funcref" => ValType.FuncRef,
        "externref" => ValType.ExternRef,
        var other => throw new SpecFormatException($"unknown value type \"{other}\""),
    };

    private static SpecValue ReadScalar(ValType type, string text) => type switch
    {
        ValType.I32 => SpecValue.I32((uint)ParseBits(text, 32)),
        ValType.I64 => SpecValue.I64(ParseBits(text, 64)),
        ValType.F32 => SpecValue.F32Bits((uint)ParseBits(text, 32)),
        ValType.F64 => SpecValue.F64Bits(ParseBits(text, 64)),
        ValType.FuncRef or ValType.ExternRef when text == "null" => SpecValue.NullRef(type),
        ValType.FuncRef => SpecValue.FuncRef(ParseBits(text, 64)),
        ValType.ExternRef => SpecValue.ExternRef(ParseBits(text, 64)),
        _ => throw new SpecFormatException($"a {type.ToWat()} value cannot be \"{text}\""),
    };

    private static (LaneType Lane, IReadOnlyList<string> Lanes) ReadLanes(JsonElement json)
    {
        var laneName = json.RequiredString("lane_type");
        if (!LaneTypes.TryParse(laneName, out var lane))
            throw new SpecFormatException($"unknown v128 lane type \"{laneName}\"");
        var lanes = json.RequiredArray("value").EnumerateArray().Select(l => JsonFields.AsString(l, "v128 lane")).ToArray();
        if (lanes.Length != lane.LaneCount())
            throw new SpecFormatException($"a v128 of {laneName} lanes needs {lane.LaneCount()} lanes, found {lanes.Length}");
        return (lane, lanes);
    }

    private static LanePattern ReadLane(LaneType lane, string text) => text switch
    {
        CanonicalNan when lane.IsFloat() => new LanePattern(0, NanKind.Canonical),
        ArithmeticNan when lane.IsFloat() => new LanePattern(0, NanKind.Arithmetic),
        _ => new LanePattern(ParseBits(text, lane.BitWidth())),
    };

    /// <summary>
    /// A decimal bit pattern of the given width. wast2json writes them unsigned; a negative number is
    /// accepted too and taken as two's complement, since both spellings mean the same bits.
    /// </summary>
    private static ulong ParseBits(string text, int width)
    {
        var mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unsigned) && unsigned <= mask)
            return unsigned;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var signed)
            && signed < 0 && (width == 64 || signed >= -(1L << (width - 1))))
            return (ulong)signed & mask;
        throw new SpecFormatException($"\"{text}\" is not a {width}-bit value");
    }
}
