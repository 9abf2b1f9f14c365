using System.Runtime.InteropServices;
using Iced.Intel;
using Wasmbox.Engine.Compiler.Emit;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Tests.Compiler.Emit;

/// <summary>
/// Runs emitted code for real: the bytes are copied to executable pages at an address unrelated
/// to the buffer, which also proves the code is position independent.
/// </summary>
/// <remarks>
/// The test project does not allow unsafe code, so the entry point is called through a delegate
/// made by <see cref="Marshal.GetDelegateForFunctionPointer{TDelegate}(nint)"/>; it is the same
/// System V call a <c>delegate* unmanaged&lt;long, long, long&gt;</c> makes.
/// </remarks>
public class ExecutionTests
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate long BinaryFunction(long first, long second);

    [LinuxX64Fact]
    public void LoopSummingOneToNPlusABiasFromACalledFunction()
    {
        // long SumPlusBias(long n /* rdi */, long bias /* rsi */): 1 + 2 + ... + n, then calls a
        // later function of the same buffer to add the bias.
        var emitter = new X64Emitter();
        CodeLabel entry = emitter.NewLabel();
        CodeLabel addBias = emitter.NewLabel();
        CodeLabel loop = emitter.NewLabel();
        CodeLabel done = emitter.NewLabel();

        emitter.Bind(entry);
        emitter.Push(RBP);
        emitter.Mov(RBP, RSP);
        emitter.MovImm(RAX, 0);
        emitter.Mov(RCX, RDI);
        emitter.Test(RCX, RCX);
        emitter.Jcc(ConditionCode.le, done);
        emitter.Align(16);
        emitter.Bind(loop);
        emitter.Add(RAX, RCX);
        emitter.Sub(RCX, 1);
        emitter.Jcc(ConditionCode.ne, loop);
        emitter.Bind(done);
        emitter.Call(addBias);
        emitter.Pop(RBP);
        emitter.Ret();

        emitter.Align(16);
        emitter.Bind(addBias);
        emitter.Add(RAX, RSI);
        emitter.Ret();
        emitter.Finish();

        using var memory = new ExecutableMemory(emitter.Buffer.ToArray());
        var function = Marshal.GetDelegateForFunctionPointer<BinaryFunction>(memory.At(emitter.OffsetOf(entry)));
        Assert.Equal(5050 + 7, function(100, 7));
        Assert.Equal(-3, function(0, -3));
        Assert.Equal(1_000_000L * 1_000_001 / 2, function(1_000_000, 0));
    }

    [LinuxX64Fact]
    public void RipRelativeLeaReachesALabelAtRunTime()
    {
        // Loads a helper's address with lea [rip+label] and calls it indirectly: helper(a, b) = a * b.
        var emitter = new X64Emitter();
        CodeLabel helper = emitter.NewLabel();
        int entry = emitter.Position;
        emitter.Lea(R11, helper);
        emitter.Call(R11);
        emitter.Add(RAX, 1);
        emitter.Ret();
        emitter.Bind(helper);
        emitter.Mov(RAX, RDI);
        emitter.Imul(RAX, RSI);
        emitter.Ret();
        emitter.Finish();

        using var memory = new ExecutableMemory(emitter.Buffer.ToArray());
        var function = Marshal.GetDelegateForFunctionPointer<BinaryFunction>(memory.At(entry));
        Assert.Equal(6 * 7 + 1, function(6, 7));
    }

    [LinuxX64Fact]
    public void FloatConversionsDivisionAndRounding()
    {
        // floor(a / b) computed in doubles. b = 0 gives infinity, which cvttsd2si turns into the
        // "integer indefinite" value, long.MinValue.
        var emitter = new X64Emitter();
        emitter.Cvtsi2sd(XMM0, RDI);
        emitter.Cvtsi2sd(XMM1, RSI);
        emitter.Sse(SseOp.Divsd, XMM0, XMM1);
        emitter.Roundsd(XMM0, XMM0, RoundingMode.Down);
        emitter.Cvttsd2si(RAX, XMM0);
        emitter.Ret();
        emitter.Finish();

        using var memory = new ExecutableMemory(emitter.Buffer.ToArray());
        var function = Marshal.GetDelegateForFunctionPointer<BinaryFunction>(memory.At(0));
        Assert.Equal(3, function(7, 2));
        Assert.Equal(-4, function(-7, 2));
        Assert.Equal(long.MinValue, function(1, 0));
    }

    [LinuxX64Fact]
    public void ComparisonIntoSetccAndCmov()
    {
        // (a < b ? 1 : 0) + (max(a, b) << 1), signed.
        var emitter = new X64Emitter();
        emitter.Cmp(RDI, RSI);
        emitter.Setcc(ConditionCode.l, DL);
        emitter.Movzx(EDX, DL);
        emitter.Mov(RAX, RDI);
        emitter.Cmovcc(ConditionCode.l, RAX, RSI);
        emitter.Shift(ShiftOp.Shl, RAX, 1);
        emitter.Add(RAX, RDX);
        emitter.Ret();

        using var memory = new ExecutableMemory(emitter.Buffer.ToArray());
        var function = Marshal.GetDelegateForFunctionPointer<BinaryFunction>(memory.At(0));
        Assert.Equal(1 + 2 * 9, function(-5, 9));
        Assert.Equal(0 + 2 * 9, function(9, -5));
        Assert.Equal(0 + 2 * 4, function(4, 4));
    }
}
