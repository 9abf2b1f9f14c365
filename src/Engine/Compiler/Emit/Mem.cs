using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>
/// Memory operand shorthands. Iced's constructors take a Register or a long in the same position,
/// so a constant displacement of 0 is ambiguous; these name the intent.
/// </summary>
public static class Mem
{
    /// <summary><c>[base + displacement]</c>.</summary>
    public static MemoryOperand At(Register @base, long displacement) => new(@base, displacement);

    /// <summary><c>[base + index * scale + displacement]</c>.</summary>
    public static MemoryOperand At(Register @base, Register index, int scale, long displacement = 0) =>
        new(@base, index, scale, displacement, displacement == 0 ? 0 : 1);
}
