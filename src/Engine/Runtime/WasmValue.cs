using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// A typed WebAssembly value. Floats keep their exact bits (NaN payloads included); references are
/// opaque: null is 0.
/// </summary>
public readonly record struct WasmValue(ValType Type, ulong Bits)
{
    public static WasmValue I32(int value) => new(ValType.I32, (uint)value);
    public static WasmValue I64(long value) => new(ValType.I64, (ulong)value);
    public static WasmValue F32(float value) => new(ValType.F32, BitConverter.SingleToUInt32Bits(value));
    public static WasmValue F64(double value) => new(ValType.F64, BitConverter.DoubleToUInt64Bits(value));
    public static WasmValue NullReference(ValType type) => new(type, 0);

    public int AsI32() => Expect(ValType.I32, (int)(uint)Bits);
    public long AsI64() => Expect(ValType.I64, (long)Bits);
    public float AsF32() => Expect(ValType.F32, BitConverter.UInt32BitsToSingle((uint)Bits));
    public double AsF64() => Expect(ValType.F64, BitConverter.UInt64BitsToDouble(Bits));

    public override string ToString() => Type switch
    {
        ValType.I32 => $"i32:{AsI32()}",
        ValType.I64 => $"i64:{AsI64()}",
        ValType.F32 => $"f32:{AsF32()}",
        ValType.F64 => $"f64:{AsF64()}",
        _ => Bits == 0 ? $"{Type.ToWat()}:null" : $"{Type.ToWat()}:0x{Bits:x}",
    };

    private T Expect<T>(ValType expected, T value) =>
        Type == expected ? value : throw new InvalidOperationException($"the value is {Type.ToWat()}, not {expected.ToWat()}");
}
