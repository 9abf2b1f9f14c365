using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>The eight classic two-operand integer operations, which share their encoding forms.</summary>
public enum AluOp
{
    Add,
    Or,
    Adc,
    Sbb,
    And,
    Sub,
    Xor,
    Cmp,
}

/// <summary>Iced's <see cref="Code"/> for each operand form of one <see cref="AluOp"/>.</summary>
internal readonly record struct AluCodes(
    Code RmReg64, Code RmReg32,
    Code RegRm64, Code RegRm32,
    Code RmImm8For64, Code RmImm32For64,
    Code RmImm8For32, Code RmImm32For32)
{
    public static AluCodes Of(AluOp op) => op switch
    {
        AluOp.Add => new(Code.Add_rm64_r64, Code.Add_rm32_r32, Code.Add_r64_rm64, Code.Add_r32_rm32,
            Code.Add_rm64_imm8, Code.Add_rm64_imm32, Code.Add_rm32_imm8, Code.Add_rm32_imm32),
        AluOp.Or => new(Code.Or_rm64_r64, Code.Or_rm32_r32, Code.Or_r64_rm64, Code.Or_r32_rm32,
            Code.Or_rm64_imm8, Code.Or_rm64_imm32, Code.Or_rm32_imm8, Code.Or_rm32_imm32),
        AluOp.Adc => new(Code.Adc_rm64_r64, Code.Adc_rm32_r32, Code.Adc_r64_rm64, Code.Adc_r32_rm32,
            Code.Adc_rm64_imm8, Code.Adc_rm64_imm32, Code.Adc_rm32_imm8, Code.Adc_rm32_imm32),
        AluOp.Sbb => new(Code.Sbb_rm64_r64, Code.Sbb_rm32_r32, Code.Sbb_r64_rm64, Code.Sbb_r32_rm32,
            Code.Sbb_rm64_imm8, Code.Sbb_rm64_imm32, Code.Sbb_rm32_imm8, Code.Sbb_rm32_imm32),
        AluOp.And => new(Code.And_rm64_r64, Code.And_rm32_r32, Code.And_r64_rm64, Code.And_r32_rm32,
            Code.And_rm64_imm8, Code.And_rm64_imm32, Code.And_rm32_imm8, Code.And_rm32_imm32),
        AluOp.Sub => new(Code.Sub_rm64_r64, Code.Sub_rm32_r32, Code.Sub_r64_rm64, Code.Sub_r32_rm32,
            Code.Sub_rm64_imm8, Code.Sub_rm64_imm32, Code.Sub_rm32_imm8, Code.Sub_rm32_imm32),
        AluOp.Xor => new(Code.Xor_rm64_r64, Code.Xor_rm32_r32, Code.Xor_r64_rm64, Code.Xor_r32_rm32,
            Code.Xor_rm64_imm8, Code.Xor_rm64_imm32, Code.Xor_rm32_imm8, Code.Xor_rm32_imm32),
        AluOp.Cmp => new(Code.Cmp_rm64_r64, Code.Cmp_rm32_r32, Code.Cmp_r64_rm64, Code.Cmp_r32_rm32,
            Code.Cmp_rm64_imm8, Code.Cmp_rm64_imm32, Code.Cmp_rm32_imm8, Code.Cmp_rm32_imm32),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };
}
