namespace Wasmbox.Engine.Binary;

/// <summary>A WebAssembly value type (the spec's valtype), numbered by its binary encoding.</summary>
public enum ValType : byte
{
    I32 = 0x7F,
    I64 = 0x7E,
    F32 = 0x7D,
    F64 = 0x7C,
    V128 = 0x7B,
    FuncRef = 0x70,
    ExternRef = 0x6F,
}

public static class ValTypeExtensions
{
    public static bool IsReference(this ValType type) => type is ValType.FuncRef or ValType.ExternRef;

    public static bool IsNumeric(this ValType type) => type is ValType.I32 or ValType.I64 or ValType.F32 or ValType.F64;

    /// <summary>The name the text format uses, for messages.</summary>
    public static string ToWat(this ValType type) => type switch
    {
        ValType.I32 => "i32",
        ValType.I64 => "i64",
        ValType.F32 => "f32",
        ValType.F64 => "f64",
        ValType.V128 => "v128",
        ValType.FuncRef => "funcref",
        ValType.ExternRef => "externref",
        _ => $"<0x{(byte)type:x2}>",
    };

    internal static bool IsValid(byte encoding) => encoding is >= 0x7B and <= 0x7F or 0x70 or 0x6F;
}
