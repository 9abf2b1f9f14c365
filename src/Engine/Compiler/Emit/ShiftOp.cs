using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>Shifts and rotates by an immediate count or by CL.</summary>
public enum ShiftOp
{
    Rol,
    Ror,
    Shl,
    Shr,
    Sar,
}

/// <summary>Iced's <see cref="Code"/> for each operand form of one <see cref="ShiftOp"/>.</summary>
internal readonly record struct ShiftCodes(Code ByImm64, Code ByOne64, Code ByCl64, Code ByImm32, Code ByOne32, Code ByCl32)
{
    public static ShiftCodes Of(ShiftOp op) => op switch
    {
        ShiftOp.Rol => new(Code.Rol_rm64_imm8, Code.Rol_rm64_1, Code.Rol_rm64_CL, Code.Rol_rm32_imm8, Code.Rol_rm32_1, Code.Rol_rm32_CL),
        ShiftOp.Ror => new(Code.Ror_rm64_imm8, Code.Ror_rm64_1, Code.Ror_rm64_CL, Code.Ror_rm32_imm8, Code.Ror_rm32_1, Code.Ror_rm32_CL),
        ShiftOp.Shl => new(Code.Shl_rm64_imm8, Code.Shl_rm64_1, Code.Shl_rm64_CL, Code.Shl_rm32_imm8, Code.Shl_rm32_1, Code.Shl_rm32_CL),
        ShiftOp.Shr => new(Code.Shr_rm64_imm8, Code.Shr_rm64_1, Code.Shr_rm64_CL, Code.Shr_rm32_imm8, Code.Shr_rm32_1, Code.Shr_rm32_CL),
        ShiftOp.Sar => new(Code.Sar_rm64_imm8, Code.Sar_rm64_1, Code.Sar_rm64_CL, Code.Sar_rm32_imm8, Code.Sar_rm32_1, Code.Sar_rm32_CL),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };
}
