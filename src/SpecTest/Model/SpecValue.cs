using System.Globalization;
using Wasmbox.Engine.Binary;

namespace Wasmbox.SpecTest.Model;

/// <summary>
/// A concrete WebAssembly value: an argument the script passes, or a result an engine returns.
/// Numbers are kept as raw bit patterns (the script gives floats as bits, and NaN payloads matter),
/// zero-extended into <see cref="Bits"/>. A reference is null or carries a host handle in
/// <see cref="Bits"/> (the number of a <c>ref.extern N</c>, or whatever identity a backend gives a funcref).
/// </summary>
public readonly record struct SpecValue(ValType Type, UInt128 Bits, bool IsNull = false)
{
    public static SpecValue I32(uint value) => new(ValType.I32, value);
    public static SpecValue I64(ulong value) => new(ValType.I64, value);
    public static SpecValue F32Bits(uint bits) => new(ValType.F32, bits);
    public static SpecValue F64Bits(ulong bits) => new(ValType.F64, bits);
    public static SpecValue V128(UInt128 bits) => new(ValType.V128, bits);
    public static SpecValue NullRef(ValType referenceType) => new(referenceType, 0, IsNull: true);
    public static SpecValue ExternRef(ulong handle) => new(ValType.ExternRef, handle);
    public static SpecValue FuncRef(ulong handle) => new(ValType.FuncRef, handle);

    public uint AsI32 => (uint)Bits;
    public ulong AsI64 => (ulong)Bits;

    public override string ToString() => Type switch
    {
        ValType.I32 => $"i32:{AsI32}",
        ValType.I64 => $"i64:{AsI64}",
        ValType.F32 => $"f32:{FormatF32(AsI32)}",
        ValType.F64 => $"f64:{FormatF64(AsI64)}",
        ValType.V128 => $"v128:0x{Bits:x32}",
        _ => IsNull ? $"{Type.ToWat()}:null" : $"{Type.ToWat()}:{AsI64}",
    };

    /// <summary>A float as a number and as bits: two NaNs or zeros that print alike can still differ.</summary>
    internal static string FormatF32(uint bits) =>
        $"{BitConverter.UInt32BitsToSingle(bits).ToString("R", CultureInfo.InvariantCulture)} (0x{bits:x8})";

    internal static string FormatF64(ulong bits) =>
        $"{BitConverter.UInt64BitsToDouble(bits).ToString("R", CultureInfo.InvariantCulture)} (0x{bits:x16})";
}
