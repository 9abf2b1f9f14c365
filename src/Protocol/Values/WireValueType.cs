using System.Text.Json.Serialization;

namespace Wasmbox.Protocol.Values;

/// <summary>
/// WebAssembly's value types by their text-format names, as they appear on the wire. The same set as
/// the engine's ValType, mirrored here so the protocol does not depend on the engine.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<WireValueType>))]
public enum WireValueType : byte
{
    [JsonStringEnumMemberName("i32")] I32,
    [JsonStringEnumMemberName("i64")] I64,
    [JsonStringEnumMemberName("f32")] F32,
    [JsonStringEnumMemberName("f64")] F64,
    [JsonStringEnumMemberName("v128")] V128,
    [JsonStringEnumMemberName("funcref")] FuncRef,
    [JsonStringEnumMemberName("externref")] ExternRef,
}

public static class WireValueTypeNames
{
    public static string ToWireName(this WireValueType type) => type switch
    {
        WireValueType.I32 => "i32",
        WireValueType.I64 => "i64",
        WireValueType.F32 => "f32",
        WireValueType.F64 => "f64",
        WireValueType.V128 => "v128",
        WireValueType.FuncRef => "funcref",
        WireValueType.ExternRef => "externref",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool IsReference(this WireValueType type) => type is WireValueType.FuncRef or WireValueType.ExternRef;
}
