using Wasmbox.Engine.Binary;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Daemon.Values;

/// <summary>
/// Wire values to the raw 64-bit slots the engine's Invoke and host callbacks use, and back.
/// </summary>
/// <remarks>
/// A non-null funcref is the address of native memory: reading one from a client would let it make
/// the guest jump anywhere, and writing one out would tell it where the daemon's memory is. So only
/// null funcrefs cross the wire. An externref is an opaque number the engine never dereferences, so
/// it travels as is. v128 needs two slots, which the engine's raw call path does not have.
/// </remarks>
internal static class ValueBits
{
    public static ulong[] FromWire(WireValue[] values)
    {
        var bits = new ulong[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (value.Type == WireValueType.FuncRef && !value.IsNullReference)
                throw WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, $"value {i}: only a null funcref can be passed in");
            bits[i] = value.Bits;
        }
        return bits;
    }

    public static WireValue[] ToWire(ReadOnlySpan<ulong> bits, ValType[] types)
    {
        var values = new WireValue[types.Length];
        for (int i = 0; i < types.Length; i++)
        {
            values[i] = types[i] switch
            {
                ValType.I32 => WireValue.I32((int)(uint)bits[i]),
                ValType.I64 => WireValue.I64((long)bits[i]),
                ValType.F32 => WireValue.F32FromBits((uint)bits[i]),
                ValType.F64 => WireValue.F64FromBits(bits[i]),
                ValType.ExternRef => bits[i] == 0 ? WireValue.NullReference(WireValueType.ExternRef) : WireValue.Reference(WireValueType.ExternRef, bits[i]),
                ValType.FuncRef when bits[i] == 0 => WireValue.NullReference(WireValueType.FuncRef),
                ValType.FuncRef => throw WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, $"value {i}: a non-null funcref cannot leave the daemon"),
                _ => throw Unsupported(types[i]),
            };
        }
        return values;
    }

    /// <summary>Refuses signatures the raw slot path cannot carry, before anything runs.</summary>
    public static void RequireSupported(FuncType type, string what)
    {
        foreach (var t in type.Parameters.Concat(type.Results))
        {
            if (t == ValType.V128) throw WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, $"{what}: v128 values cannot cross the daemon's call boundary yet");
        }
    }

    private static Exception Unsupported(ValType type) =>
        WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, $"{type.ToWat()} values cannot cross the daemon's call boundary yet");
}
