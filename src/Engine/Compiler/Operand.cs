using Iced.Intel;
using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Compiler;

/// <summary>Where a value on the compiler's abstract operand stack lives right now.</summary>
internal enum OperandKind : byte
{
    /// <summary>In the spill slot of its stack depth.</summary>
    Slot,

    /// <summary>In a temporary register, owned by this operand.</summary>
    Register,

    /// <summary>A known constant, not yet in any register or slot.</summary>
    Constant,

    /// <summary>
    /// The current value of a local that lives in a register for the whole function
    /// (<see cref="Operand.Register"/>, not owned: never released, never written through this
    /// operand). A local.set of that local first turns such references into copies.
    /// </summary>
    Local,

    /// <summary>
    /// An i32 address not computed yet: register local <see cref="Operand.Local"/>
    /// (<see cref="Operand.Register"/>) plus <see cref="Operand.Constant"/> (the i32 constant, signed), from
    /// local.get, i32.const, i32.add, for a load or store to fold into its access. Any other
    /// instruction that reads it, or may touch the whole stack, makes it a register first.
    /// </summary>
    LocalPlusConstant,
}

/// <summary>One entry of the abstract operand stack (Liftoff-style: register, constant or slot).</summary>
internal struct Operand : IEquatable<Operand>
{
    public ValType Type;
    public OperandKind Kind;
    public Register Register;

    /// <summary>The constant's bits: i32 zero-extended, f32/f64 as raw bits.</summary>
    public long Constant;

    /// <summary>For <see cref="OperandKind.Local"/>: the local's index.</summary>
    public int Local;

    /// <summary>In a register now (owned or a register local's), so it can be read without a load.</summary>
    public readonly bool IsInRegister => Kind is OperandKind.Register or OperandKind.Local;

    public static Operand InSlot(ValType type) => new() { Type = type, Kind = OperandKind.Slot };

    public static Operand InRegister(ValType type, Register register) => new() { Type = type, Kind = OperandKind.Register, Register = register };

    public static Operand LocalRef(ValType type, Register register, int local) => new() { Type = type, Kind = OperandKind.Local, Register = register, Local = local };

    public static Operand LocalPlus(Register register, int local, long constant) => new() { Type = ValType.I32, Kind = OperandKind.LocalPlusConstant, Register = register, Local = local, Constant = constant };

    public readonly bool Equals(Operand other) =>
        Type == other.Type && Kind == other.Kind && Register == other.Register && Constant == other.Constant && Local == other.Local;

    public override readonly bool Equals(object? obj) => obj is Operand other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(Type, Kind, Register, Constant, Local);

    public static Operand Const(ValType type, long bits) => new() { Type = type, Kind = OperandKind.Constant, Constant = bits };
}
