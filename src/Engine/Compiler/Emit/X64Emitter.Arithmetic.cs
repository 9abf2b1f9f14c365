using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

// Integer ALU operations, shifts, compares and conditional results.
public sealed partial class X64Emitter
{
    /// <summary><c>op destination, source</c> at the registers' size (64 or 32 bits).</summary>
    public void Alu(AluOp op, Register destination, Register source)
    {
        AluCodes codes = AluCodes.Of(op);
        Emit(Instruction.Create(GprWidth.Select(destination, codes.RmReg64, codes.RmReg32), destination, source));
    }

    /// <summary>
    /// <c>op destination, imm</c>, using the one-byte immediate form when the value fits. A 64-bit
    /// operation sign-extends the 32-bit immediate (x86 has no wider ALU immediate).
    /// </summary>
    public void Alu(AluOp op, Register destination, int immediate)
    {
        AluCodes codes = AluCodes.Of(op);
        bool fitsInByte = immediate == (sbyte)immediate;
        Code code = GprWidth.Select(destination,
            fitsInByte ? codes.RmImm8For64 : codes.RmImm32For64,
            fitsInByte ? codes.RmImm8For32 : codes.RmImm32For32);
        Emit(Instruction.Create(code, destination, immediate));
    }

    /// <summary><c>op destination, [source]</c>, reading as many bytes as the register has.</summary>
    public void Alu(AluOp op, Register destination, in MemoryOperand source)
    {
        AluCodes codes = AluCodes.Of(op);
        Emit(Instruction.Create(GprWidth.Select(destination, codes.RegRm64, codes.RegRm32), destination, source));
    }

    public void Add(Register destination, Register source) => Alu(AluOp.Add, destination, source);
    public void Add(Register destination, int immediate) => Alu(AluOp.Add, destination, immediate);
    public void Add(Register destination, in MemoryOperand source) => Alu(AluOp.Add, destination, source);

    public void Sub(Register destination, Register source) => Alu(AluOp.Sub, destination, source);
    public void Sub(Register destination, int immediate) => Alu(AluOp.Sub, destination, immediate);
    public void Sub(Register destination, in MemoryOperand source) => Alu(AluOp.Sub, destination, source);

    public void And(Register destination, Register source) => Alu(AluOp.And, destination, source);
    public void And(Register destination, int immediate) => Alu(AluOp.And, destination, immediate);
    public void And(Register destination, in MemoryOperand source) => Alu(AluOp.And, destination, source);

    public void Or(Register destination, Register source) => Alu(AluOp.Or, destination, source);
    public void Or(Register destination, int immediate) => Alu(AluOp.Or, destination, immediate);
    public void Or(Register destination, in MemoryOperand source) => Alu(AluOp.Or, destination, source);

    public void Xor(Register destination, Register source) => Alu(AluOp.Xor, destination, source);
    public void Xor(Register destination, int immediate) => Alu(AluOp.Xor, destination, immediate);
    public void Xor(Register destination, in MemoryOperand source) => Alu(AluOp.Xor, destination, source);

    public void Cmp(Register left, Register right) => Alu(AluOp.Cmp, left, right);
    public void Cmp(Register left, int immediate) => Alu(AluOp.Cmp, left, immediate);
    public void Cmp(Register left, in MemoryOperand right) => Alu(AluOp.Cmp, left, right);

    /// <summary><c>test left, right</c> at the registers' size (64, 32, 16 or 8 bits).</summary>
    public void Test(Register left, Register right) =>
        Emit(Instruction.Create(
            GprWidth.Select(left, Code.Test_rm64_r64, Code.Test_rm32_r32, Code.Test_rm16_r16, Code.Test_rm8_r8),
            left, right));

    /// <summary><c>test left, imm</c> (64 or 32 bits; test has no one-byte immediate form for these).</summary>
    public void Test(Register left, int immediate) =>
        Emit(Instruction.Create(GprWidth.Select(left, Code.Test_rm64_imm32, Code.Test_rm32_imm32), left, immediate));

    /// <summary>Shift or rotate by a constant; a count of 1 uses the shorter by-one form.</summary>
    public void Shift(ShiftOp op, Register destination, byte count)
    {
        ShiftCodes codes = ShiftCodes.Of(op);
        if (count == 1)
        {
            Emit(Instruction.Create(GprWidth.Select(destination, codes.ByOne64, codes.ByOne32), destination, 1));
            return;
        }
        Emit(Instruction.Create(GprWidth.Select(destination, codes.ByImm64, codes.ByImm32), destination, (int)count));
    }

    /// <summary>Shift or rotate by CL (the CPU masks the count to the operand size, as wasm requires).</summary>
    public void ShiftByCl(ShiftOp op, Register destination)
    {
        ShiftCodes codes = ShiftCodes.Of(op);
        Emit(Instruction.Create(GprWidth.Select(destination, codes.ByCl64, codes.ByCl32), destination, Register.CL));
    }

    public void Neg(Register destination) =>
        Emit(Instruction.Create(GprWidth.Select(destination, Code.Neg_rm64, Code.Neg_rm32), destination));

    public void Not(Register destination) =>
        Emit(Instruction.Create(GprWidth.Select(destination, Code.Not_rm64, Code.Not_rm32), destination));

    /// <summary>Two-operand signed multiply (the low half is the same for unsigned).</summary>
    public void Imul(Register destination, Register source) =>
        Emit(Instruction.Create(GprWidth.Select(destination, Code.Imul_r64_rm64, Code.Imul_r32_rm32), destination, source));

    /// <summary>Unsigned <c>rdx:rax / divisor</c> (or edx:eax); quotient in rax, remainder in rdx.</summary>
    public void Div(Register divisor) =>
        Emit(Instruction.Create(GprWidth.Select(divisor, Code.Div_rm64, Code.Div_rm32), divisor));

    /// <summary>Signed <c>rdx:rax / divisor</c> (or edx:eax); quotient in rax, remainder in rdx.</summary>
    public void Idiv(Register divisor) =>
        Emit(Instruction.Create(GprWidth.Select(divisor, Code.Idiv_rm64, Code.Idiv_rm32), divisor));

    /// <summary><c>setcc destination</c> into an 8-bit register (the rest of the register is kept).</summary>
    public void Setcc(ConditionCode condition, Register destination) =>
        Emit(Instruction.Create(ConditionalCodes.Setcc(condition), destination));

    /// <summary><c>cmovcc destination, source</c> at the registers' size (64 or 32 bits).</summary>
    public void Cmovcc(ConditionCode condition, Register destination, Register source) =>
        Emit(Instruction.Create(ConditionalCodes.Cmovcc(condition, GprWidth.Is64Bit(destination)), destination, source));

    public void Cmovcc(ConditionCode condition, Register destination, in MemoryOperand source) =>
        Emit(Instruction.Create(ConditionalCodes.Cmovcc(condition, GprWidth.Is64Bit(destination)), destination, source));
}
