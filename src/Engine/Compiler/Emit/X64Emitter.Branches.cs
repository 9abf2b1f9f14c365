using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

// Jumps, calls and rip-relative addresses of labels.
public sealed partial class X64Emitter
{
    // The label branches are written by hand rather than through the Encoder: their forms are
    // fixed (opcode, then rel8 or rel32 last), which both makes them cheap and tells us exactly where
    // the field to patch is.
    private const byte JmpRel8 = 0xEB;
    private const byte JmpRel32 = 0xE9;
    private const byte CallRel32 = 0xE8;
    private const byte JccRel8Base = 0x70;
    private const byte TwoByteOpcodeEscape = 0x0F;
    private const byte JccRel32Base = 0x80;
    private const int ShortBranchLength = 2;

    /// <summary>
    /// <c>jmp label</c>: rel8 when the label is already bound and close enough (a loop's back
    /// edge), rel32 otherwise.
    /// </summary>
    public void Jmp(CodeLabel target)
    {
        if (TryShortBackwardDisplacement(target, out sbyte rel8))
        {
            _code.WriteByte(JmpRel8);
            _code.WriteByte((byte)rel8);
            return;
        }
        _code.WriteByte(JmpRel32);
        WriteRel32To(target);
    }

    /// <summary><c>jcc label</c>: rel8 for a close backward target, rel32 otherwise.</summary>
    public void Jcc(ConditionCode condition, CodeLabel target)
    {
        int field = condition.ToX86Field();
        if (TryShortBackwardDisplacement(target, out sbyte rel8))
        {
            _code.WriteByte((byte)(JccRel8Base | field));
            _code.WriteByte((byte)rel8);
            return;
        }
        _code.WriteByte(TwoByteOpcodeEscape);
        _code.WriteByte((byte)(JccRel32Base | field));
        WriteRel32To(target);
    }

    /// <summary><c>call label</c>, always rel32 (x86 has no shorter call).</summary>
    public void Call(CodeLabel target)
    {
        _code.WriteByte(CallRel32);
        WriteRel32To(target);
    }

    /// <summary><c>lea destination, [rip + label]</c>: the label's run-time address, position independently.</summary>
    public void Lea(Register destination, CodeLabel target)
    {
        // A placeholder target at this instruction's own start; the disp32 (the last four bytes,
        // as lea has no immediate) is then patched like any other rel32.
        Emit(Instruction.Create(Code.Lea_r64_m, destination, new MemoryOperand(Register.RIP, _code.Position)));
        _labels.ReferenceRel32(target, _code.Position - sizeof(int), _code);
    }

    public void Jmp(Register target) => Emit(Instruction.Create(Code.Jmp_rm64, target));

    public void Jmp(in MemoryOperand target) => Emit(Instruction.Create(Code.Jmp_rm64, target));

    public void Call(Register target) => Emit(Instruction.Create(Code.Call_rm64, target));

    public void Call(in MemoryOperand target) => Emit(Instruction.Create(Code.Call_rm64, target));

    public void Ret() => _code.WriteByte(0xC3);

    /// <summary>A breakpoint trap; fills space that must never be executed.</summary>
    public void Int3() => _code.WriteByte(0xCC);

    /// <summary>The guaranteed-invalid instruction, for code that must never be reached.</summary>
    public void Ud2()
    {
        _code.WriteByte(TwoByteOpcodeEscape);
        _code.WriteByte(0x0B);
    }

    private void WriteRel32To(CodeLabel target)
    {
        int field = _code.Position;
        _code.WriteInt32(0);
        _labels.ReferenceRel32(target, field, _code);
    }

    private bool TryShortBackwardDisplacement(CodeLabel target, out sbyte displacement)
    {
        int targetOffset = _labels.OffsetOf(target);
        int distance = targetOffset - (_code.Position + ShortBranchLength);
        bool fits = targetOffset >= 0 && distance >= sbyte.MinValue;
        displacement = fits ? (sbyte)distance : (sbyte)0;
        return fits;
    }
}
