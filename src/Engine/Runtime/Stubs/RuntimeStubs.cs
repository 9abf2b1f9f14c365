using Iced.Intel;
using Wasmbox.Engine.Compiler.Emit;
using Wasmbox.Engine.Runtime.Native;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Runtime.Stubs;

/// <summary>
/// The process-wide machine-code stubs that connect managed code and JIT code: the entry stub,
/// through which every call into wasm goes, and the trap handler, to which every trap site jumps.
/// Generated once, on first use, into one executable region that lives as long as the process.
/// </summary>
internal static unsafe class RuntimeStubs
{
    /// <summary>Kinds of result the entry stub copies back to the slot array.</summary>
    public const int NoResult = 0;
    public const int IntegerResult = 1;
    public const int FloatResult = 2;
    public const int ResultsInSlots = 3;

    // Entry stub frame, below its rbp: five callee-saved registers, then what it needs after the call.
    private const int PreviousSavedRsp = -48;
    private const int SavedExecutionState = -56;
    private const int SavedSlots = -64;
    private const int SavedResultKind = -72;
    private const int SavedSlotCount = -80;

    /// <summary>Distance from the saved rsp back up to the entry stub's rbp.</summary>
    public const int SavedRspToFrame = 80;

    private static readonly CodeRegion Region;

    static RuntimeStubs()
    {
        var emitter = new X64Emitter();
        var resume = emitter.NewLabel();
        var entry = emitter.NewLabel();
        var trap = emitter.NewLabel();
        var host = emitter.NewLabel();

        emitter.Bind(entry);
        EmitEntry(emitter, resume);
        emitter.Align(16);
        emitter.Bind(trap);
        EmitTrapHandler(emitter, resume);
        emitter.Align(16);
        emitter.Bind(host);
        EmitHostCallStub(emitter);
        emitter.Finish();

        Region = CodeMemory.Publish(emitter.Buffer.AsSpan());
        Enter = (delegate* unmanaged<ExecutionState*, nint, nint, ulong*, long, long, long>)(Region.Address + emitter.OffsetOf(entry));
        TrapHandler = Region.Address + emitter.OffsetOf(trap);
        HostCallStub = Region.Address + emitter.OffsetOf(host);
    }

    /// <summary>
    /// Calls wasm code: <c>Enter(state, vmctx, code, slots, slotCount, resultKind)</c> copies
    /// <c>slots[0..slotCount)</c> into the callee's argument area, calls <c>code</c> with r15 = vmctx,
    /// copies the results back into <c>slots</c>, and returns 0, or the trap code when it trapped.
    /// </summary>
    public static readonly delegate* unmanaged<ExecutionState*, nint, nint, ulong*, long, long, long> Enter;

    /// <summary>Where trap sites go: <c>mov eax, kind; call [r15 + TrapHandler]</c>.</summary>
    public static readonly nint TrapHandler;

    /// <summary>The code of every host function's FuncRef: wasm calls it like a wasm function, with r15 = the host context.</summary>
    public static readonly nint HostCallStub;

    private static void EmitEntry(X64Emitter e, CodeLabel resume)
    {
        // System V: rdi = state, rsi = vmctx, rdx = code, rcx = slots, r8 = slot count, r9 = result kind.
        e.Push(RBP);
        e.Mov(RBP, RSP);
        e.Push(RBX);
        e.Push(R12);
        e.Push(R13);
        e.Push(R14);
        e.Push(R15);
        e.Emit(Instruction.Create(Code.Push_rm64, Mem.At(RDI, ExecutionState.SavedRspOffset)));
        e.Push(RDI);
        e.Push(RCX);
        e.Push(R9);
        e.Push(R8);

        // A nested entry (host -> wasm -> host -> wasm) saved the outer value above; a trap
        // resumes at this frame.
        e.Mov(Mem.At(RDI, ExecutionState.SavedRspOffset), RSP);

        // Room for the slots, keeping rsp 16-byte aligned.
        e.Lea(R10, Mem.At(Register.None, R8, 8, 15));
        e.And(R10, -16);
        e.Sub(RSP, R10);

        // The callee finds argument j at [rsp + 8 * (n - 1 - j)].
        EmitReversedCopy(e, from: RCX, fromIndexedBySlot: true);

        // The context learns which thread's state it runs with on every entry, so an instance may be
        // called from one thread after another.
        e.Mov(Mem.At(RSI, VMContextLayout.ExecutionState), RDI);
        e.Mov(R15, RSI);
        e.Mov(R14, Mem.At(R15, VMContextLayout.Memory0Base));
        e.Call(RDX);

        e.Mov(RCX, Mem.At(RBP, SavedSlots));
        e.Mov(R9, Mem.At(RBP, SavedResultKind));
        var notInteger = e.NewLabel();
        var notFloat = e.NewLabel();
        var done = e.NewLabel();
        e.Cmp(R9, IntegerResult);
        e.Jcc(ConditionCode.ne, notInteger);
        e.Mov(Mem.At(RCX, 0), RAX);
        e.Jmp(done);
        e.Bind(notInteger);
        e.Cmp(R9, FloatResult);
        e.Jcc(ConditionCode.ne, notFloat);
        e.Movsd(Mem.At(RCX, 0), XMM0);
        e.Jmp(done);
        e.Bind(notFloat);
        e.Cmp(R9, ResultsInSlots);
        e.Jcc(ConditionCode.ne, done);
        e.Mov(R8, Mem.At(RBP, SavedSlotCount));
        EmitReversedCopy(e, from: RCX, fromIndexedBySlot: false);
        e.Bind(done);
        e.Alu(AluOp.Xor, EAX, EAX);

        // rax = 0, or the trap code when the trap handler jumps here.
        e.Bind(resume);
        e.Mov(RDI, Mem.At(RBP, SavedExecutionState));
        e.Mov(RCX, Mem.At(RBP, PreviousSavedRsp));
        e.Mov(Mem.At(RDI, ExecutionState.SavedRspOffset), RCX);
        e.Lea(RSP, Mem.At(RBP, -40));
        e.Pop(R15);
        e.Pop(R14);
        e.Pop(R13);
        e.Pop(R12);
        e.Pop(RBX);
        e.Pop(RBP);
        e.Ret();
    }

    /// <summary>
    /// Copies between the slot array (rcx) and the stack area at rsp, reversing the order:
    /// area[i] = slots[n - 1 - i] (arguments in) or slots[n - 1 - i] = area[i] (results out). n is r8.
    /// </summary>
    private static void EmitReversedCopy(X64Emitter e, Register from, bool fromIndexedBySlot)
    {
        var loop = e.NewLabel();
        var done = e.NewLabel();
        e.Alu(AluOp.Xor, EAX, EAX);
        e.Test(R8, R8);
        e.Jcc(ConditionCode.e, done);
        e.Bind(loop);
        e.Mov(R10, R8);
        e.Sub(R10, RAX);
        var slot = Mem.At(from, R10, 8, -8);
        var area = Mem.At(RSP, RAX, 8);
        if (fromIndexedBySlot)
        {
            e.Mov(R11, slot);
            e.Mov(area, R11);
        }
        else
        {
            e.Mov(R11, area);
            e.Mov(slot, R11);
        }

        e.Add(RAX, 1);
        e.Cmp(RAX, R8);
        e.Jcc(ConditionCode.b, loop);
        e.Bind(done);
    }

    /// <summary>
    /// Called like a wasm function (arguments in the caller's area above the return address,
    /// r15 = host context). Calls the managed dispatcher on an aligned stack, traps if it failed,
    /// and returns a single result in both rax and xmm0 (the caller reads the one its type needs).
    /// </summary>
    private static void EmitHostCallStub(X64Emitter e)
    {
        e.Push(RBP);
        e.Mov(RBP, RSP);

        // xmm8-15 are callee-saved for wasm code (it keeps float locals there) but not for System V;
        // wasm only ever uses their low 64 bits.
        e.Sub(RSP, 8 * 8);
        for (int k = 0; k < 8; k++) e.Movsd(Mem.At(RBP, -8 * (k + 1)), XMM8 + k);
        e.Mov(RDI, R15);
        e.Lea(RSI, Mem.At(RBP, 16));
        e.And(RSP, -16);
        e.MovImm(RAX, (long)(delegate* unmanaged<byte*, ulong*, int>)&HostDispatcher.Dispatch);
        e.Call(RAX);
        var failed = e.NewLabel();
        e.Test(EAX, EAX);
        e.Jcc(ConditionCode.ne, failed);
        for (int k = 0; k < 8; k++) e.Movsd(XMM8 + k, Mem.At(RBP, -8 * (k + 1)));
        e.Mov(RAX, Mem.At(R15, HostContextLayout.SingleResult));
        e.Movq(XMM0, RAX);
        e.Mov(RSP, RBP);
        e.Pop(RBP);
        e.Ret();
        e.Bind(failed);
        e.Call(Mem.At(R15, VMContextLayout.TrapHandler));
    }

    private static void EmitTrapHandler(X64Emitter e, CodeLabel resume)
    {
        // eax = trap kind; [rsp] = return address inside the trapping function; rbp = its frame.
        e.Mov(RDI, Mem.At(R15, VMContextLayout.ExecutionState));
        e.Mov(Mem.At(RDI, ExecutionState.TrapCodeOffset), EAX);
        e.Mov(R11, Mem.At(RSP, 0));
        e.Mov(Mem.At(RDI, ExecutionState.TrapPcOffset), R11);
        e.Mov(Mem.At(RDI, ExecutionState.TrapFrameOffset), RBP);

        // Record the wasm stack while its frames are still intact, on an aligned stack.
        e.And(RSP, -16);
        e.MovImm(RAX, (long)(delegate* unmanaged<ExecutionState*, void>)&TrapRecorder.Record);
        e.Call(RAX);

        // Back to the entry stub's frame: everything wasm pushed since is abandoned, never unwound.
        e.Mov(RDI, Mem.At(R15, VMContextLayout.ExecutionState));
        e.Mov(RSP, Mem.At(RDI, ExecutionState.SavedRspOffset));
        e.Lea(RBP, Mem.At(RSP, SavedRspToFrame));
        e.Mov(EAX, Mem.At(RDI, ExecutionState.TrapCodeOffset));
        e.Jmp(resume);
    }
}
