using Wasmbox.Engine.Binary;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Daemon.Values;

/// <summary>The engine's value types and the wire's, which are the same set under two names (the protocol does not depend on the engine).</summary>
internal static class ValueTypes
{
    public static WireValueType ToWire(this ValType type) => type switch
    {
        ValType.I32 => WireValueType.I32,
        ValType.I64 => WireValueType.I64,
        ValType.F32 => WireValueType.F32,
        ValType.F64 => WireValueType.F64,
        ValType.V128 => WireValueType.V128,
        ValType.FuncRef => WireValueType.FuncRef,
        ValType.ExternRef => WireValueType.ExternRef,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown value type"),
    };

    public static WireValueType[] ToWire(this ValType[] types) => Array.ConvertAll(types, t => t.ToWire());
}
