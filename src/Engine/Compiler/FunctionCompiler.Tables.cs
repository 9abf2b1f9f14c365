using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Runtime.Stubs;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// References, tables and call_indirect. A funcref is the address of a FuncRef entry (0 for null);
// tables are reached through their descriptors, whose element arrays may move when they grow.
internal sealed unsafe partial class FunctionCompiler
{
    private bool CompileReference(byte op, ref WasmReader reader)
    {
        switch (op)
        {
            case Opcode.RefNull:
                Push(Operand.Const(reader.ReadReferenceType(), 0));
                return true;
            case Opcode.RefIsNull:
                Eqz(ValType.I64);
                return true;
            case Opcode.RefFunc:
                var register = Allocate(ValType.FuncRef);
                _e.Mov(register, Mem.At(R15, VMContextLayout.Functions));
                long offset = (long)reader.ReadVarU32() * FuncRef.Size;
                if (offset != 0) _e.Add(register, (int)offset);
                PushRegister(ValType.FuncRef, register);
                return true;
            case Opcode.TableGet:
                TableGet((int)reader.ReadVarU32());
                return true;
            case Opcode.TableSet:
                TableSet((int)reader.ReadVarU32());
                return true;
            case Opcode.CallIndirect:
                uint typeIndex = reader.ReadVarU32();
                CallIndirect(typeIndex, (int)reader.ReadVarU32());
                return true;
            default:
                return false;
        }
    }

    /// <summary>Table instructions behind the 0xFC prefix (sub-opcodes 12 to 17).</summary>
    private bool CompileTableMisc(uint sub, ref WasmReader reader)
    {
        switch (sub)
        {
            case MiscOpcode.TableInit:
                uint segment = reader.ReadVarU32();
                uint table = reader.ReadVarU32();
                PopArguments(RCX, R8, R9);
                _e.MovImm(ESI, table);
                _e.MovImm(EDX, segment);
                EmitHelperCall((nint)(delegate* unmanaged<nint, uint, uint, uint, uint, uint, int>)&TableHelpers.Init);
                TrapIfHelperFailed();
                return true;
            case MiscOpcode.ElemDrop:
                SaveLocalsForCall();
                SpillRegisters();
                _e.MovImm(ESI, reader.ReadVarU32());
                EmitHelperCall((nint)(delegate* unmanaged<nint, uint, int>)&TableHelpers.Drop);
                return true;
            case MiscOpcode.TableCopy:
                uint destination = reader.ReadVarU32();
                uint source = reader.ReadVarU32();
                PopArguments(RCX, R8, R9);
                _e.MovImm(ESI, destination);
                _e.MovImm(EDX, source);
                EmitHelperCall((nint)(delegate* unmanaged<nint, uint, uint, uint, uint, uint, int>)&TableHelpers.Copy);
                TrapIfHelperFailed();
                return true;
            case MiscOpcode.TableGrow:
                uint grown = reader.ReadVarU32();
                PopArguments(RDX, RCX);
                _e.MovImm(ESI, grown);
                EmitHelperCall((nint)(delegate* unmanaged<nint, uint, ulong, uint, int>)&TableHelpers.Grow);
                Claim(RAX);
                PushRegister(ValType.I32, RAX);
                return true;
            case MiscOpcode.TableSize:
                var register = Allocate(ValType.I32);
                LoadTableDescriptor((int)reader.ReadVarU32());
                _e.Mov(GprWidth.Low32(register), Mem.At(RegisterSet.ScratchGpr, TableLayout.Count));
                PushRegister(ValType.I32, register);
                return true;
            case MiscOpcode.TableFill:
                uint filled = reader.ReadVarU32();
                PopArguments(RDX, RCX, R8);
                _e.MovImm(ESI, filled);
                EmitHelperCall((nint)(delegate* unmanaged<nint, uint, uint, ulong, uint, int>)&TableHelpers.Fill);
                TrapIfHelperFailed();
                return true;
            default:
                return false;
        }
    }

    private void LoadTableDescriptor(int table)
    {
        _e.Mov(RegisterSet.ScratchGpr, Mem.At(R15, VMContextLayout.Tables));
        _e.Mov(RegisterSet.ScratchGpr, Mem.At(RegisterSet.ScratchGpr, 8L * table));
    }

    /// <summary>
    /// Leaves the address of element <paramref name="index"/> (an i32 in a register) in the scratch
    /// register, trapping with <paramref name="outOfBounds"/> past the table's end.
    /// </summary>
    private void ElementAddress(int table, Register index, TrapKind outOfBounds)
    {
        LoadTableDescriptor(table);
        _e.Cmp(GprWidth.Low32(index), Mem.At(RegisterSet.ScratchGpr, TableLayout.Count));
        _e.Jcc(ConditionCode.ae, TrapLabel(outOfBounds));
        _e.Mov(RegisterSet.ScratchGpr, Mem.At(RegisterSet.ScratchGpr, TableLayout.Elements));
        _e.Lea(RegisterSet.ScratchGpr, Mem.At(RegisterSet.ScratchGpr, index, 8));
    }

    private void TableGet(int table)
    {
        var index = PopToRegister();
        ElementAddress(table, index, TrapKind.OutOfBoundsTableAccess);
        _e.Mov(index, Mem.At(RegisterSet.ScratchGpr, 0));
        PushRegister(_module.Module.Tables[table].ElementType, index);
    }

    private void TableSet(int table)
    {
        var value = PopToRegister();
        var index = PopToRegister(avoid: 1 << RegisterSet.Bit(value));
        ElementAddress(table, index, TrapKind.OutOfBoundsTableAccess);
        _e.Mov(Mem.At(RegisterSet.ScratchGpr, 0), value);
        Release(index);
        Release(value);
    }

    /// <summary>
    /// Looks the callee up in the table, checks it is there, not null, and of the expected
    /// signature (one compare of process-wide type ids), then calls it like an import.
    /// </summary>
    private void CallIndirect(uint typeIndex, int table)
    {
        var callee = _module.Module.Types[typeIndex];
        var index = PopToRegister();
        ElementAddress(table, index, TrapKind.UndefinedElement);

        // A null entry traps with its index ("uninitialized element 2"), recorded out of line.
        var uninitialized = _e.NewLabel();
        _deferred.Add(() =>
        {
            _e.Bind(uninitialized);
            _e.Mov(RegisterSet.ScratchGpr, Mem.At(R15, VMContextLayout.ExecutionState));
            _e.Mov(Mem.At(RegisterSet.ScratchGpr, ExecutionState.TrapDetailOffset), index);
            _e.Jmp(TrapLabel(TrapKind.UninitializedElement));
        });
        _e.Mov(RegisterSet.ScratchGpr, Mem.At(RegisterSet.ScratchGpr, 0));
        _e.Test(RegisterSet.ScratchGpr, RegisterSet.ScratchGpr);
        _e.Jcc(ConditionCode.e, uninitialized);
        _e.Mov(index, RegisterSet.ScratchGpr);
        _e.Emit(Instruction.Create(Code.Cmp_rm32_imm32, Mem.At(index, FuncRef.TypeIdOffset), TypeRegistry.IdOf(callee)));
        _e.Jcc(ConditionCode.ne, TrapLabel(TrapKind.IndirectCallTypeMismatch));

        // The FuncRef address stays in the index's register while the other values are spilled
        // (spilling only stores), then moves to the scratch register the call sequence reads it from.
        Release(index);
        int k = callee.Parameters.Length;
        SpillAllFrom(_height - k);
        SpillRegisters();
        _e.Mov(RegisterSet.ScratchGpr, index);
        EmitCallThroughFuncRef(RegisterSet.ScratchGpr, 0, callee);
    }
}
