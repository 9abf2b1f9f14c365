using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>Maps Iced's <see cref="ConditionCode"/> onto the 4-bit condition field of jcc/setcc/cmovcc.</summary>
public static class ConditionCodeExtensions
{
    /// <summary>
    /// The x86 condition field (o = 0 ... g = 15). Iced numbers the codes in the same order from 1,
    /// keeping 0 for <see cref="ConditionCode.None"/>.
    /// </summary>
    public static int ToX86Field(this ConditionCode condition)
    {
        int field = (int)condition - 1;
        if ((uint)field > 15)
            throw new ArgumentOutOfRangeException(nameof(condition), condition, "Not a jcc/setcc/cmovcc condition.");
        return field;
    }

    /// <summary>The opposite condition (e and ne, b and ae, ...): x86 pairs them by the low bit.</summary>
    public static ConditionCode Negate(this ConditionCode condition) =>
        (ConditionCode)((condition.ToX86Field() ^ 1) + 1);
}
