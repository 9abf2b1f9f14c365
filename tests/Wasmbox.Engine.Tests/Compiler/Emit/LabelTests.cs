using Iced.Intel;
using Wasmbox.Engine.Compiler.Emit;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Tests.Compiler.Emit;

/// <summary>Labels and fixups: every reference decodes back to the offset its label was bound to.</summary>
public class LabelTests
{
    [Fact]
    public void ForwardReferencesArePatchedWhenTheLabelIsBound()
    {
        var emitter = new X64Emitter();
        CodeLabel end = emitter.NewLabel();
        emitter.Jmp(end);
        emitter.Jcc(ConditionCode.ne, end);
        emitter.Call(end);
        emitter.Lea(R11, end);
        emitter.Mov(RAX, RCX);
        emitter.Bind(end);
        emitter.Ret();
        emitter.Finish();

        List<Instruction> code = Disassembly.Decode(emitter);
        int endOffset = emitter.OffsetOf(end);
        Assert.Equal((ulong)endOffset, code[^1].IP);
        Assert.Equal(Code.Jmp_rel32_64, code[0].Code);
        Assert.Equal(Code.Jne_rel32_64, code[1].Code);
        Assert.Equal(Code.Call_rel32_64, code[2].Code);
        Assert.All(code.Take(3), branch => Assert.Equal((ulong)endOffset, branch.NearBranchTarget));
        Assert.True(code[3].IsIPRelativeMemoryOperand);
        Assert.Equal((ulong)endOffset, code[3].IPRelativeMemoryAddress);
    }

    [Fact]
    public void BackwardReferencesResolveImmediatelyAndCloseBranchesAreShort()
    {
        var emitter = new X64Emitter();
        CodeLabel top = emitter.NewLabel();
        emitter.Bind(top);
        emitter.Sub(RCX, 1);
        emitter.Jcc(ConditionCode.ne, top);
        emitter.Jmp(top);
        emitter.Call(top);
        emitter.Lea(RAX, top);

        List<Instruction> code = Disassembly.Decode(emitter);
        Assert.Equal(Code.Jne_rel8_64, code[1].Code);
        Assert.Equal(Code.Jmp_rel8_64, code[2].Code);
        Assert.Equal(Code.Call_rel32_64, code[3].Code);
        Assert.All(code.Skip(1).Take(3), branch => Assert.Equal(0UL, branch.NearBranchTarget));
        Assert.Equal(0UL, code[4].IPRelativeMemoryAddress);
    }

    [Fact]
    public void DistantBackwardBranchesUseRel32()
    {
        var emitter = new X64Emitter();
        CodeLabel top = emitter.NewLabel();
        emitter.Bind(top);
        for (int i = 0; i < 50; i++)
            emitter.Add(RAX, 0x1000); // 6 bytes each: 300 bytes, beyond rel8's reach
        emitter.Jcc(ConditionCode.l, top);
        emitter.Jmp(top);

        List<Instruction> code = Disassembly.Decode(emitter);
        Assert.Equal(Code.Jl_rel32_64, code[^2].Code);
        Assert.Equal(Code.Jmp_rel32_64, code[^1].Code);
        Assert.Equal(0UL, code[^2].NearBranchTarget);
        Assert.Equal(0UL, code[^1].NearBranchTarget);
    }

    [Fact]
    public void ShortFormIsUsedUpToExactlyTheRel8Limit()
    {
        // jmp rel8 reaches back 128 bytes from its end: 126 bytes of body plus its own 2.
        Assert.Equal(Code.Jmp_rel8_64, BackwardJumpOver(126).Code);
        Assert.Equal(Code.Jmp_rel32_64, BackwardJumpOver(127).Code);

        static Instruction BackwardJumpOver(int bodyBytes)
        {
            var emitter = new X64Emitter();
            CodeLabel top = emitter.NewLabel();
            emitter.Bind(top);
            emitter.Buffer.WriteBytes(Enumerable.Repeat((byte)0x90, bodyBytes).ToArray());
            emitter.Jmp(top);
            Instruction jump = Disassembly.Decode(emitter)[^1];
            Assert.Equal(0UL, jump.NearBranchTarget);
            return jump;
        }
    }

    [Fact]
    public void ManyReferencesToOneLabelAreAllPatched()
    {
        var emitter = new X64Emitter();
        CodeLabel shared = emitter.NewLabel();
        for (int i = 0; i < 1000; i++)
            emitter.Jcc(i % 2 == 0 ? ConditionCode.e : ConditionCode.a, shared);
        emitter.Bind(shared);
        emitter.Ret();
        emitter.Finish();

        List<Instruction> code = Disassembly.Decode(emitter);
        ulong target = (ulong)emitter.OffsetOf(shared);
        Assert.All(code.Take(1000), branch => Assert.Equal(target, branch.NearBranchTarget));
    }

    [Fact]
    public void CallsBetweenFunctionsOfOneModuleAreRel32BothWays()
    {
        var emitter = new X64Emitter();
        CodeLabel first = emitter.NewLabel();
        CodeLabel second = emitter.NewLabel();
        emitter.Bind(first);
        emitter.Call(second);
        emitter.Ret();
        emitter.Align(16);
        emitter.Bind(second);
        emitter.Call(first);
        emitter.Ret();
        emitter.Finish();

        Assert.Equal(16, emitter.OffsetOf(second));
        List<Instruction> code = Disassembly.Decode(emitter).Where(i => i.Mnemonic == Mnemonic.Call).ToList();
        Assert.Equal(16UL, code[0].NearBranchTarget);
        Assert.Equal(0UL, code[1].NearBranchTarget);
    }

    [Fact]
    public void FinishNamesHowManyReferencedLabelsAreUnbound()
    {
        var emitter = new X64Emitter();
        CodeLabel bound = emitter.NewLabel();
        CodeLabel neverReferenced = emitter.NewLabel();
        CodeLabel a = emitter.NewLabel();
        CodeLabel b = emitter.NewLabel();
        emitter.Jmp(a);
        emitter.Jmp(a);
        emitter.Call(b);
        emitter.Jmp(bound);
        emitter.Bind(bound);

        var error = Assert.Throws<InvalidOperationException>(emitter.Finish);
        Assert.StartsWith("2 label(s) referenced but never bound", error.Message);
        Assert.False(emitter.IsBound(neverReferenced));

        emitter.Bind(a);
        emitter.Bind(b);
        emitter.Finish();
    }

    [Fact]
    public void BindingTwiceOrUsingAForeignLabelThrows()
    {
        var emitter = new X64Emitter();
        CodeLabel label = emitter.NewLabel();
        emitter.Bind(label);
        Assert.Throws<InvalidOperationException>(() => emitter.Bind(label));
        Assert.Throws<ArgumentException>(() => emitter.Jmp(default(CodeLabel)));
        Assert.False(default(CodeLabel).IsValid);

        var other = new X64Emitter();
        other.NewLabel();
        CodeLabel foreign = other.NewLabel();
        Assert.Throws<ArgumentException>(() => emitter.Call(foreign));
    }

    [Fact]
    public void ResetForgetsLabelsAndCode()
    {
        var emitter = new X64Emitter();
        CodeLabel dangling = emitter.NewLabel();
        emitter.Jmp(dangling);
        emitter.Reset();

        Assert.Equal(0, emitter.Position);
        emitter.Finish();
        Assert.Throws<ArgumentException>(() => emitter.Bind(dangling));
    }

    [Fact]
    public void LabelsGrowPastTheInitialTableSize()
    {
        var emitter = new X64Emitter();
        var labels = Enumerable.Range(0, 2000).Select(_ => emitter.NewLabel()).ToList();
        foreach (CodeLabel label in labels)
            emitter.Jmp(label);
        foreach (CodeLabel label in labels)
        {
            emitter.Bind(label);
            emitter.Emit(Instruction.Create(Code.Nopd));
        }
        emitter.Finish();

        List<Instruction> code = Disassembly.Decode(emitter);
        for (int i = 0; i < labels.Count; i++)
            Assert.Equal((ulong)emitter.OffsetOf(labels[i]), code[i].NearBranchTarget);
    }
}
