using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>How an opcode's immediates are checked before its operands are.</summary>
internal enum OperatorKind : byte
{
    /// <summary>Not an operator this table describes.</summary>
    None,
    /// <summary>No immediates: only the operand types matter.</summary>
    Plain,
    /// <summary>memarg: needs memory 0 and an alignment no larger than the access.</summary>
    Memory,
    /// <summary>memarg and a lane index.</summary>
    MemoryLane,
    /// <summary>A lane index below <see cref="Operator.Lanes"/>.</summary>
    Lane,
}

/// <summary>
/// The stack effect of a fixed-signature operator, with what its immediates must satisfy:
/// pops <see cref="P0"/>..<see cref="P2"/> (the first is deepest), then pushes <see cref="Result"/>
/// unless that is 0.
/// </summary>
internal readonly struct Operator
{
    public Operator(OperatorKind kind, ValType p0, ValType p1, ValType p2, ValType result, byte lanes = 0, byte maxAlign = 0)
    {
        Kind = kind;
        P0 = p0;
        P1 = p1;
        P2 = p2;
        Result = result;
        Arity = (byte)(p2 != 0 ? 3 : p1 != 0 ? 2 : p0 != 0 ? 1 : 0);
        Lanes = lanes;
        MaxAlign = maxAlign;
    }

    public readonly OperatorKind Kind;
    public readonly byte Arity;
    public readonly ValType P0;
    public readonly ValType P1;
    public readonly ValType P2;
    public readonly ValType Result;

    /// <summary>Lane count, for lane immediates.</summary>
    public readonly byte Lanes;

    /// <summary>log2 of the bytes a memory access touches: the largest alignment exponent allowed.</summary>
    public readonly byte MaxAlign;

    public static Operator Unary(ValType operand, ValType result) => new(OperatorKind.Plain, operand, 0, 0, result);

    public static Operator Binary(ValType left, ValType right, ValType result) => new(OperatorKind.Plain, left, right, 0, result);

    public static Operator Load(ValType result, byte maxAlign) => new(OperatorKind.Memory, ValType.I32, 0, 0, result, 0, maxAlign);

    public static Operator Store(ValType value, byte maxAlign) => new(OperatorKind.Memory, ValType.I32, value, 0, 0, 0, maxAlign);
}
