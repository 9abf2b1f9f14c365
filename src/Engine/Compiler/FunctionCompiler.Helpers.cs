using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using Wasmbox.Engine.Runtime;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// Calls from JIT code into managed runtime helpers ([UnmanagedCallersOnly] functions taking the
// VMContext first). System V wants a 16-byte-aligned stack, which wasm frames do not keep, so the
// call realigns rsp around itself.
internal sealed partial class FunctionCompiler
{
    /// <summary>
    /// Emits a call to <paramref name="helper"/> with rdi = vmctx. The caller has spilled every
    /// temporary and put further arguments in rsi, rdx, rcx, r8 and r9; the result is in rax.
    /// </summary>
    private void EmitHelperCall(nint helper)
    {
        _e.Mov(RDI, R15);
        _e.MovImm(RAX, helper);
        BeginNativeCall();
        _e.Call(RAX);
        EndNativeCall();
    }

    /// <summary>
    /// Aligns rsp for a System V call and saves what System V does not preserve. Outside a call
    /// sequence rsp is at the bottom of the frame (rbp - frame size), below every slot, so aligning
    /// only lowers it and <see cref="EndNativeCall"/> can restore it from rbp.
    /// </summary>
    private void BeginNativeCall()
    {
        _e.And(RSP, -16);
        SaveXmmLocals();
    }

    private void EndNativeCall()
    {
        RestoreLocalsAfterNativeCall();
        _e.Lea(RSP, Mem.At(RBP, -_frameSize));
    }

    /// <summary>After a helper that returns 0 or a trap code: trap with that code unless it is 0.</summary>
    private void TrapIfHelperFailed()
    {
        var ok = _e.NewLabel();
        _e.Test(EAX, EAX);
        _e.Jcc(Iced.Intel.ConditionCode.e, ok);
        _e.Call(Mem.At(R15, VMContextLayout.TrapHandler));
        _e.Bind(ok);
    }

    /// <summary>
    /// Pops the top <paramref name="registers"/>.Length values into the given argument registers
    /// (the last register gets the top of the stack), then spills everything else, ready for a helper call.
    /// </summary>
    private void PopArguments(params Iced.Intel.Register[] registers)
    {
        SaveLocalsForCall();
        SpillRegisters();
        for (int i = registers.Length - 1; i >= 0; i--)
        {
            var operand = Pop();
            var target = operand.Type == ValType.I32 ? GprWidth.Low32(registers[i]) : registers[i];
            switch (operand.Kind)
            {
                case OperandKind.Constant:
                    _e.MovImm(target, operand.Type == ValType.I32 ? (uint)operand.Constant : operand.Constant);
                    break;
                case OperandKind.Local:
                    _e.Mov(target, operand.Type == ValType.I32 ? GprWidth.Low32(operand.Register) : operand.Register);
                    break;
                default:
                    _e.Mov(target, SlotOf(_height));
                    break;
            }
        }
    }
}
