using Iced.Intel;
using Wasmbox.Engine.Compiler.Emit;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Tests.Compiler.Emit;

/// <summary>Byte-exact encodings of the helpers, checked against known machine code.</summary>
public class EncodingTests
{
    public static TheoryData<string, Action<X64Emitter>, string> KnownEncodings => new()
    {
        { "mov rax, rdi", e => e.Mov(RAX, RDI), "4889F8" },
        { "mov eax, edi", e => e.Mov(EAX, EDI), "89F8" },
        { "mov r8, r15", e => e.Mov(R8, R15), "4D89F8" },
        { "mov rax, [r15+0x10]", e => e.Mov(RAX, new MemoryOperand(R15, 0x10)), "498B4710" },
        { "mov [rbp-8], rcx", e => e.Mov(new MemoryOperand(RBP, -8), RCX), "48894DF8" },
        { "mov byte [r14+rax], dl", e => e.Mov(new MemoryOperand(R14, RAX), DL), "41881406" },
        { "ret", e => e.Ret(), "C3" },
        { "push rbp", e => e.Push(RBP), "55" },
        { "pop r12", e => e.Pop(R12), "415C" },
        { "mov rbp, rsp", e => e.Mov(RBP, RSP), "4889E5" },
        { "add rax, rcx", e => e.Add(RAX, RCX), "4801C8" },
        { "add rax, 1 (imm8)", e => e.Add(RAX, 1), "4883C001" },
        { "add rax, 0x1000 (imm32)", e => e.Add(RAX, 0x1000), "4881C000100000" },
        { "sub ecx, -128 (imm8)", e => e.Sub(ECX, -128), "83E980" },
        { "cmp r11, [r15+0x20]", e => e.Cmp(R11, new MemoryOperand(R15, 0x20)), "4D3B5F20" },
        { "xor edx, edx", e => e.Xor(EDX, EDX), "31D2" },
        { "test eax, eax", e => e.Test(EAX, EAX), "85C0" },
        { "test al, al", e => e.Test(AL, AL), "84C0" },
        { "shl eax, 1", e => e.Shift(ShiftOp.Shl, EAX, 1), "D1E0" },
        { "sar rdx, 63", e => e.Shift(ShiftOp.Sar, RDX, 63), "48C1FA3F" },
        { "shr rax, cl", e => e.ShiftByCl(ShiftOp.Shr, RAX), "48D3E8" },
        { "imul rax, rcx", e => e.Imul(RAX, RCX), "480FAFC1" },
        { "neg eax", e => e.Neg(EAX), "F7D8" },
        { "idiv rcx", e => e.Idiv(RCX), "48F7F9" },
        { "lea r11, [rax+8]", e => e.Lea(R11, new MemoryOperand(RAX, 8)), "4C8D5808" },
        { "sete al", e => e.Setcc(ConditionCode.e, AL), "0F94C0" },
        { "setb sil (needs REX)", e => e.Setcc(ConditionCode.b, SIL), "400F92C6" },
        { "cmovl rax, rcx", e => e.Cmovcc(ConditionCode.l, RAX, RCX), "480F4CC1" },
        { "movzx eax, al", e => e.Movzx(EAX, AL), "0FB6C0" },
        { "movzx rax, word [r14+rcx] (as 32-bit)", e => e.Movzx(RAX, new MemoryOperand(R14, RCX), 2), "410FB7040E" },
        { "movsxd rax, ecx", e => e.Movsx(RAX, ECX), "4863C1" },
        { "movsx eax, byte [rdi]", e => e.Movsx(EAX, new MemoryOperand(RDI), 1), "0FBE07" },
        { "call rax", e => e.Call(RAX), "FFD0" },
        { "call [r15+8]", e => e.Call(new MemoryOperand(R15, 8)), "41FF5708" },
        { "jmp r11", e => e.Jmp(R11), "41FFE3" },
        { "ud2", e => e.Ud2(), "0F0B" },
        { "addsd xmm0, xmm1", e => e.Sse(SseOp.Addsd, XMM0, XMM1), "F20F58C1" },
        { "sqrtss xmm8, xmm9", e => e.Sse(SseOp.Sqrtss, XMM8, XMM9), "F3450F51C1" },
        { "ucomisd xmm0, xmm1", e => e.Sse(SseOp.Ucomisd, XMM0, XMM1), "660F2EC1" },
        { "xorps xmm7, xmm7", e => e.Sse(SseOp.Xorps, XMM7, XMM7), "0F57FF" },
        { "movsd xmm0, [rbp-16]", e => e.Movsd(XMM0, new MemoryOperand(RBP, -16)), "F20F1045F0" },
        { "movss [rax], xmm1", e => e.Movss(new MemoryOperand(RAX), XMM1), "F30F1108" },
        { "movaps xmm1, xmm2", e => e.Movaps(XMM1, XMM2), "0F28CA" },
        { "movq rax, xmm0", e => e.Movq(RAX, XMM0), "66480F7EC0" },
        { "movq xmm0, rax", e => e.Movq(XMM0, RAX), "66480F6EC0" },
        { "movd xmm1, ecx", e => e.Movd(XMM1, ECX), "660F6EC9" },
        { "cvtsi2sd xmm0, rdi", e => e.Cvtsi2sd(XMM0, RDI), "F2480F2AC7" },
        { "cvtsi2ss xmm0, edi", e => e.Cvtsi2ss(XMM0, EDI), "F30F2AC7" },
        { "cvttsd2si rax, xmm0", e => e.Cvttsd2si(RAX, XMM0), "F2480F2CC0" },
        { "cvttss2si eax, xmm0", e => e.Cvttss2si(EAX, XMM0), "F30F2CC0" },
        { "roundsd xmm0, xmm1, floor|inexact masked", e => e.Roundsd(XMM0, XMM1, RoundingMode.Down), "660F3A0BC109" },
        { "roundss xmm0, xmm0, trunc|inexact masked", e => e.Roundss(XMM0, XMM0, RoundingMode.TowardZero), "660F3A0AC00B" },
        { "raw Emit: cqo", e => e.Emit(Instruction.Create(Code.Cqo)), "4899" },
    };

    [Theory]
    [MemberData(nameof(KnownEncodings))]
    public void HelperEncodesToKnownBytes(string instruction, Action<X64Emitter> emit, string expectedHex)
    {
        Assert.True(expectedHex == Disassembly.Hex(emit), $"{instruction}: expected {expectedHex}, got {Disassembly.Hex(emit)}");
    }

    public static TheoryData<string, Action<X64Emitter>, string> Constants => new()
    {
        { "zero: xor eax, eax", e => e.MovImm(RAX, 0), "31C0" },
        { "zero keeping flags: mov eax, 0", e => e.MovImm(RAX, 0, preserveFlags: true), "B800000000" },
        { "zero into r9: xor r9d, r9d", e => e.MovImm(R9, 0), "4531C9" },
        { "small positive: mov eax, 42", e => e.MovImm(RAX, 42), "B82A000000" },
        { "uint32 max zero-extends: mov eax, 0xffffffff", e => e.MovImm(RAX, uint.MaxValue), "B8FFFFFFFF" },
        { "-1 sign-extends: mov rax, simm32", e => e.MovImm(RAX, -1), "48C7C0FFFFFFFF" },
        { "int32 min: mov rax, simm32", e => e.MovImm(RAX, int.MinValue), "48C7C000000080" },
        { "2^32: mov rax, imm64", e => e.MovImm(RAX, 1L << 32), "48B80000000001000000" },
        { "below int32 min: mov r10, imm64", e => e.MovImm(R10, int.MinValue - 1L), "49BAFFFFFF7FFFFFFFFF" },
        { "32-bit -1: mov ecx, 0xffffffff", e => e.MovImm(ECX, -1), "B9FFFFFFFF" },
        { "32-bit zero: xor ecx, ecx", e => e.MovImm(ECX, 0), "31C9" },
    };

    [Theory]
    [MemberData(nameof(Constants))]
    public void MovImmPicksTheShortestCorrectForm(string form, Action<X64Emitter> emit, string expectedHex)
    {
        Assert.True(expectedHex == Disassembly.Hex(emit), $"{form}: expected {expectedHex}, got {Disassembly.Hex(emit)}");
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(0x7FFF_FFFFL)]
    [InlineData(0x8000_0000L)]
    [InlineData(0xFFFF_FFFFL)]
    [InlineData(0x1_0000_0000L)]
    [InlineData(-0x8000_0000L)]
    [InlineData(-0x8000_0001L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void MovImmLoadsExactlyTheValue(long value)
    {
        // What matters beyond size: the register ends up holding exactly the value.
        var emitter = new X64Emitter();
        emitter.MovImm(RDX, value);
        Instruction instruction = Assert.Single(Disassembly.Decode(emitter));
        long loaded = instruction.Mnemonic == Mnemonic.Xor ? 0
            : instruction.Op0Register == EDX ? (long)(uint)instruction.GetImmediate(1)
            : (long)instruction.GetImmediate(1);
        Assert.Equal(value, loaded);
    }

    [Fact]
    public void MovImmRejectsValuesThatDoNotFitA32BitRegister()
    {
        var emitter = new X64Emitter();
        Assert.Throws<ArgumentOutOfRangeException>(() => emitter.MovImm(EAX, 1L << 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => emitter.MovImm(EAX, int.MinValue - 1L));
        Assert.Equal(0, emitter.Position);
    }

    [Fact]
    public void WrongRegisterSizesAreRejected()
    {
        var emitter = new X64Emitter();
        Assert.Throws<ArgumentException>(() => emitter.Add(AX, CX));
        Assert.Throws<ArgumentException>(() => emitter.Movzx(EAX, ECX));
        Assert.Throws<ArgumentException>(() => emitter.Cmovcc(ConditionCode.e, AL, CL));
        Assert.Throws<EncoderException>(() => emitter.Mov(RAX, ECX));
    }

    [Theory]
    [InlineData(AluOp.Add)]
    [InlineData(AluOp.Or)]
    [InlineData(AluOp.Adc)]
    [InlineData(AluOp.Sbb)]
    [InlineData(AluOp.And)]
    [InlineData(AluOp.Sub)]
    [InlineData(AluOp.Xor)]
    [InlineData(AluOp.Cmp)]
    public void EveryAluFormEncodesItsOwnOperation(AluOp op)
    {
        var expected = Enum.Parse<Mnemonic>(op.ToString());
        Assert.Equal(expected, Disassembly.Single(e => e.Alu(op, R9, R10)).Mnemonic);
        Assert.Equal(expected, Disassembly.Single(e => e.Alu(op, R9D, -5)).Mnemonic);
        Assert.Equal(expected, Disassembly.Single(e => e.Alu(op, R9, 100_000)).Mnemonic);
        Assert.Equal(expected, Disassembly.Single(e => e.Alu(op, EAX, new MemoryOperand(R15, 8))).Mnemonic);
    }

    [Theory]
    [InlineData(ShiftOp.Rol)]
    [InlineData(ShiftOp.Ror)]
    [InlineData(ShiftOp.Shl)]
    [InlineData(ShiftOp.Shr)]
    [InlineData(ShiftOp.Sar)]
    public void EveryShiftFormEncodesItsOwnOperation(ShiftOp op)
    {
        var expected = Enum.Parse<Mnemonic>(op.ToString());
        Instruction byImmediate = Disassembly.Single(e => e.Shift(op, R8, 5));
        Assert.Equal(expected, byImmediate.Mnemonic);
        Assert.Equal(5, byImmediate.Immediate8);
        Assert.Equal(expected, Disassembly.Single(e => e.Shift(op, EAX, 1)).Mnemonic);
        Assert.Equal(expected, Disassembly.Single(e => e.ShiftByCl(op, RDX)).Mnemonic);
    }

    [Fact]
    public void EverySseOpEncodesTheInstructionItIsNamedAfter()
    {
        foreach (SseOp op in Enum.GetValues<SseOp>())
        {
            var expected = Enum.Parse<Mnemonic>(op.ToString());
            Assert.Equal(expected, Disassembly.Single(e => e.Sse(op, XMM3, XMM12)).Mnemonic);
            Assert.Equal(expected, Disassembly.Single(e => e.Sse(op, XMM3, new MemoryOperand(R15, 64))).Mnemonic);
        }
    }

    [Fact]
    public void EveryConditionEncodesTheSameConditionInJccSetccAndCmovcc()
    {
        for (var condition = ConditionCode.o; condition <= ConditionCode.g; condition++)
        {
            var emitter = new X64Emitter();
            CodeLabel target = emitter.NewLabel();
            emitter.Bind(target);
            emitter.Jcc(condition, target);
            CodeLabel forward = emitter.NewLabel();
            emitter.Jcc(condition, forward);
            emitter.Bind(forward);
            emitter.Setcc(condition, CL);
            emitter.Cmovcc(condition, R8D, R9D);
            emitter.Cmovcc(condition, RAX, new MemoryOperand(RBP, -8));

            List<Instruction> decoded = Disassembly.Decode(emitter);
            Assert.Equal(5, decoded.Count);
            Assert.All(decoded, instruction => Assert.Equal(condition, instruction.ConditionCode));
            Assert.Equal(2, decoded[0].Length);
            Assert.Equal(6, decoded[1].Length);
        }
    }

    [Fact]
    public void NegatedConditionsArePairedOpposites()
    {
        Assert.Equal(ConditionCode.ne, ConditionCode.e.Negate());
        Assert.Equal(ConditionCode.e, ConditionCode.ne.Negate());
        Assert.Equal(ConditionCode.ae, ConditionCode.b.Negate());
        Assert.Equal(ConditionCode.le, ConditionCode.g.Negate());
        Assert.Equal(ConditionCode.np, ConditionCode.p.Negate());
        Assert.Throws<ArgumentOutOfRangeException>(() => ConditionCode.None.Negate());
    }
}
