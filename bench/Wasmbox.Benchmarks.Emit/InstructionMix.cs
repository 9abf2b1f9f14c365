using Iced.Intel;
using Wasmbox.Engine.Compiler.Emit;
using static Iced.Intel.Register;

namespace Wasmbox.Benchmarks.Emit;

/// <summary>
/// A block shaped like single-pass wasm code: frame setup, slot loads and stores, integer ALU with
/// register, immediate and memory operands, a bounds-check-like compare and forward jcc, f64
/// arithmetic through stack slots, a call to another function of the module, a loop back edge.
/// The same block is emitted through the emitter's helpers, through raw Instruction.Create +
/// Encoder (the floor this layer sits on), and through Iced's Assembler (what it replaces).
/// </summary>
internal static class InstructionMix
{
    public const int InstructionsPerBlock = 20;

    /// <summary>Binds <paramref name="loop"/> at the block's start; calls the block before it.</summary>
    public static void EmitWithHelpers(X64Emitter e, CodeLabel loop, CodeLabel previousBlock)
    {
        CodeLabel skip = e.NewLabel();
        e.Bind(loop);
        e.Push(RBP);
        e.Mov(RBP, RSP);
        e.Mov(RAX, new MemoryOperand(RBP, -8));
        e.Mov(RCX, new MemoryOperand(RBP, -16));
        e.Add(RAX, RCX);
        e.Add(EAX, 1);
        e.Lea(R11, new MemoryOperand(RAX, 4));
        e.Cmp(R11, new MemoryOperand(R15, 0x20));
        e.Jcc(ConditionCode.a, skip);
        e.Movsd(XMM0, new MemoryOperand(RBP, -24));
        e.Sse(SseOp.Addsd, XMM0, XMM1);
        e.Movsd(new MemoryOperand(RBP, -24), XMM0);
        e.Call(previousBlock);
        e.Mov(new MemoryOperand(RBP, -8), RAX);
        e.MovImm(RDX, 12345);
        e.Cmp(EAX, EDX);
        e.Jcc(ConditionCode.ne, loop);
        e.Bind(skip);
        e.Mov(RSP, RBP);
        e.Pop(RBP);
        e.Ret();
    }

    public static void EmitWithRawEncoder(Encoder encoder, CodeBuffer buffer)
    {
        // Branch targets are dummies (this block's start): the encoder does not resolve labels.
        ulong start = (ulong)buffer.Position;
        Encode(encoder, buffer, Instruction.Create(Code.Push_r64, RBP));
        Encode(encoder, buffer, Instruction.Create(Code.Mov_rm64_r64, RBP, RSP));
        Encode(encoder, buffer, Instruction.Create(Code.Mov_r64_rm64, RAX, new MemoryOperand(RBP, -8)));
        Encode(encoder, buffer, Instruction.Create(Code.Mov_r64_rm64, RCX, new MemoryOperand(RBP, -16)));
        Encode(encoder, buffer, Instruction.Create(Code.Add_rm64_r64, RAX, RCX));
        Encode(encoder, buffer, Instruction.Create(Code.Add_rm32_imm8, EAX, 1));
        Encode(encoder, buffer, Instruction.Create(Code.Lea_r64_m, R11, new MemoryOperand(RAX, 4)));
        Encode(encoder, buffer, Instruction.Create(Code.Cmp_r64_rm64, R11, new MemoryOperand(R15, 0x20)));
        Encode(encoder, buffer, Instruction.CreateBranch(Code.Ja_rel32_64, start));
        Encode(encoder, buffer, Instruction.Create(Code.Movsd_xmm_xmmm64, XMM0, new MemoryOperand(RBP, -24)));
        Encode(encoder, buffer, Instruction.Create(Code.Addsd_xmm_xmmm64, XMM0, XMM1));
        Encode(encoder, buffer, Instruction.Create(Code.Movsd_xmmm64_xmm, new MemoryOperand(RBP, -24), XMM0));
        Encode(encoder, buffer, Instruction.CreateBranch(Code.Call_rel32_64, start));
        Encode(encoder, buffer, Instruction.Create(Code.Mov_rm64_r64, new MemoryOperand(RBP, -8), RAX));
        Encode(encoder, buffer, Instruction.Create(Code.Mov_r32_imm32, EDX, 12345u));
        Encode(encoder, buffer, Instruction.Create(Code.Cmp_rm32_r32, EAX, EDX));
        Encode(encoder, buffer, Instruction.CreateBranch(Code.Jne_rel32_64, start));
        Encode(encoder, buffer, Instruction.Create(Code.Mov_rm64_r64, RSP, RBP));
        Encode(encoder, buffer, Instruction.Create(Code.Pop_r64, RBP));
        Encode(encoder, buffer, Instruction.Create(Code.Retnq));
    }

    public static void EmitWithAssembler(Assembler a, ref Label loop, Label previousBlock)
    {
        Label skip = a.CreateLabel();
        a.Label(ref loop);
        a.push(AssemblerRegisters.rbp);
        a.mov(AssemblerRegisters.rbp, AssemblerRegisters.rsp);
        a.mov(AssemblerRegisters.rax, AssemblerRegisters.__qword_ptr[AssemblerRegisters.rbp - 8]);
        a.mov(AssemblerRegisters.rcx, AssemblerRegisters.__qword_ptr[AssemblerRegisters.rbp - 16]);
        a.add(AssemblerRegisters.rax, AssemblerRegisters.rcx);
        a.add(AssemblerRegisters.eax, 1);
        a.lea(AssemblerRegisters.r11, AssemblerRegisters.__[AssemblerRegisters.rax + 4]);
        a.cmp(AssemblerRegisters.r11, AssemblerRegisters.__qword_ptr[AssemblerRegisters.r15 + 0x20]);
        a.ja(skip);
        a.movsd(AssemblerRegisters.xmm0, AssemblerRegisters.__qword_ptr[AssemblerRegisters.rbp - 24]);
        a.addsd(AssemblerRegisters.xmm0, AssemblerRegisters.xmm1);
        a.movsd(AssemblerRegisters.__qword_ptr[AssemblerRegisters.rbp - 24], AssemblerRegisters.xmm0);
        a.call(previousBlock);
        a.mov(AssemblerRegisters.__qword_ptr[AssemblerRegisters.rbp - 8], AssemblerRegisters.rax);
        a.mov(AssemblerRegisters.rdx, 12345);
        a.cmp(AssemblerRegisters.eax, AssemblerRegisters.edx);
        a.jne(loop);
        a.Label(ref skip);
        a.mov(AssemblerRegisters.rsp, AssemblerRegisters.rbp);
        a.pop(AssemblerRegisters.rbp);
        a.ret();
    }

    private static void Encode(Encoder encoder, CodeBuffer buffer, in Instruction instruction) =>
        encoder.Encode(instruction, (ulong)buffer.Position);
}
