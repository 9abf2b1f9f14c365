using Iced.Intel;
using Wasmbox.Engine.Compiler.Emit;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Tests.Compiler.Emit;

/// <summary>Steady-state emission into a reused buffer must not allocate (the compiler's budget depends on it).</summary>
public class AllocationTests
{
    [Fact]
    public void EmittingIntoAReusedBufferAllocatesNothing()
    {
        var emitter = new X64Emitter();
        EmitMixedCode(emitter); // warm-up: buffer and label tables reach their size, statics run
        emitter.Reset();
        EmitMixedCode(emitter);
        emitter.Reset();

        long before = GC.GetAllocatedBytesForCurrentThread();
        EmitMixedCode(emitter);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void EmitMixedCode(X64Emitter emitter)
    {
        for (int function = 0; function < 50; function++)
        {
            CodeLabel exit = emitter.NewLabel();
            CodeLabel loop = emitter.NewLabel();
            emitter.Push(RBP);
            emitter.Mov(RBP, RSP);
            emitter.MovImm(RAX, 0);
            emitter.Bind(loop);
            emitter.Mov(RCX, new MemoryOperand(RBP, -8));
            emitter.Add(RAX, RCX);
            emitter.Cmp(RAX, 1000);
            emitter.Jcc(ConditionCode.ge, exit);
            emitter.Movsd(XMM0, new MemoryOperand(R15, 16));
            emitter.Sse(SseOp.Addsd, XMM0, XMM1);
            emitter.Setcc(ConditionCode.e, AL);
            emitter.Jmp(loop);
            emitter.Bind(exit);
            emitter.Pop(RBP);
            emitter.Ret();
        }
        emitter.Finish();
    }
}
