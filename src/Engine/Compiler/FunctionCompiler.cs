using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Validation;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

/// <summary>
/// Single-pass compiler from one validated function body to x86-64, in the family of V8's Liftoff:
/// it walks the bytecode once, keeping an abstract operand stack whose values sit in registers,
/// as constants or in fixed per-depth slots, and emits code as it goes. The frame layout and
/// calling convention are those of docs/design.md ("The JIT's ABI").
/// </summary>
internal sealed partial class FunctionCompiler
{
    private readonly X64Emitter _e;
    private readonly ModuleCompilation _module;
    private readonly CodeLabel[] _trapLabels = new CodeLabel[16];
    private readonly bool[] _trapUsed = new bool[16];

    private ValidatedFunction _function = null!;
    private FuncType _type = null!;
    private ValType[] _locals = [];
    private int _paramCount;
    private int _argumentArea;
    private int _declaredLocals;

    /// <summary>Slots below rbp before the operand stack: declared locals, then the saved vmctx.</summary>
    private int _fixedSlots;
    private int _frameSize;
    private int _nextControl;

    /// <summary>For the instruction being compiled: the register local the next one sets, or -1 (see PeekSetTarget).</summary>
    private int _setTarget = -1;

    public FunctionCompiler(X64Emitter emitter, ModuleCompilation module)
    {
        _e = emitter;
        _module = module;
    }

    public void Compile(ValidatedFunction function)
    {
        _function = function;
        _type = function.Type;
        _locals = function.LocalTypes;
        _paramCount = _type.Parameters.Length;
        _argumentArea = Math.Max(_paramCount, _type.Results.Length);
        _declaredLocals = _locals.Length - _paramCount;
        _height = 0;
        _usedRegisters = 0;
        _controlCount = 0;
        _nextControl = 0;
        Array.Clear(_trapUsed);

        var body = _module.Module.Codes[(int)function.FunctionIndex - _module.Module.ImportedFunctionCount];
        var reader = new WasmReader(_module.Module.Bytes.Span, body.CodeStart, body.CodeEnd);
        AssignLocalRegisters(reader);
        ResetAddressState();

        // Below rbp: the declared locals, the callee-saved registers this function uses, the saved vmctx.
        _fixedSlots = _declaredLocals + _savedRegisters.Count + 1;
        _frameSize = (8 * (_fixedSlots + function.MaxStackHeight) + 15) & ~15;

        EmitPrologue();
        PushControl(ControlKind.Function, [], _type.Results, _e.NewLabel());

        _loopDepth = 0;
        _noRegionBefore = 0;
        while (_controlCount > 0)
        {
            if (_loopDepth > 0 && reader.Position >= _noRegionBefore && TryCompileVersionedRegion(ref reader)) continue;
            CompileInstruction(ref reader);
        }

        EmitTrapStubs();
    }

    private MemoryOperand LocalHome(int index) =>
        index < _paramCount
            ? Mem.At(RBP, 16 + (8L * (_argumentArea - 1 - index)))
            : Mem.At(RBP, -8L * (1 + index - _paramCount));

    private MemoryOperand SavedContextSlot => Mem.At(RBP, -8L * _fixedSlots);

    private void EmitPrologue()
    {
        _e.Push(RBP);
        _e.Mov(RBP, RSP);
        if (_frameSize > 0) _e.Sub(RSP, _frameSize);

        // Runaway recursion ends here as a trap, long before the thread's real stack runs out.
        _e.Mov(RegisterSet.ScratchGpr, Mem.At(R15, VMContextLayout.ExecutionState));
        _e.Cmp(RSP, Mem.At(RegisterSet.ScratchGpr, ExecutionState.StackLimitOffset));
        _e.Jcc(ConditionCode.b, TrapLabel(TrapKind.CallStackExhausted));

        if (_declaredLocals > 0) ZeroDeclaredLocals();
        EnterRegisterLocals();
    }

    private void ZeroDeclaredLocals()
    {
        // Register locals are zeroed in their registers; their slots need nothing.
        int inMemory = 0;
        for (int i = _paramCount; i < _locals.Length; i++)
        {
            if (_localRegisters[i] == Register.None) inMemory++;
        }

        if (inMemory == 0) return;
        if (inMemory <= 8)
        {
            _e.Alu(AluOp.Xor, EAX, EAX);
            for (int i = _paramCount; i < _locals.Length; i++)
            {
                if (_localRegisters[i] == Register.None) _e.Mov(LocalHome(i), RAX);
            }

            return;
        }

        // rep stosq over the block of declared locals; rdi, rcx and rax are free at entry.
        _e.Lea(RDI, LocalHome(_locals.Length - 1));
        _e.MovImm(ECX, _declaredLocals);
        _e.Alu(AluOp.Xor, EAX, EAX);
        _e.Emit(Instruction.CreateStosq(64, RepPrefixKind.Repe));
    }

    /// <summary>
    /// At every loop header with a back edge: the same compare as the prologue's stack check. A
    /// deadline raises the thread's limit to stop the guest, and a loop that calls nothing would
    /// otherwise never meet a prologue. One load and a compare-and-branch that is never taken.
    /// <see cref="CompilerOptions.LoopChecks"/> turns it off, only to measure what it costs.
    /// </summary>
    private void EmitInterruptCheck()
    {
        _e.Mov(RegisterSet.ScratchGpr, Mem.At(R15, VMContextLayout.ExecutionState));
        _e.Cmp(RSP, Mem.At(RegisterSet.ScratchGpr, ExecutionState.StackLimitOffset));
        _e.Jcc(ConditionCode.b, TrapLabel(TrapKind.CallStackExhausted));
    }

    private void EmitEpilogue()
    {
        RestoreSavedRegisters();
        _e.Mov(RSP, RBP);
        _e.Pop(RBP);
        _e.Ret();
    }

    private CodeLabel TrapLabel(TrapKind kind)
    {
        int k = (int)kind;
        if (!_trapUsed[k])
        {
            _trapLabels[k] = _e.NewLabel();
            _trapUsed[k] = true;
        }

        return _trapLabels[k];
    }

    /// <summary>Out-of-line trap sites: each loads its kind and calls the trap handler, whose return address marks the function.</summary>
    /// <summary>Out-of-line code emitted after the function body (trap sites that record a detail first).</summary>
    private readonly List<Action> _deferred = [];

    private void EmitTrapStubs()
    {
        // Deferred code may defer more (a region's checked version has folded accesses of its own).
        for (int i = 0; i < _deferred.Count; i++) _deferred[i]();
        _deferred.Clear();

        for (int k = 0; k < _trapUsed.Length; k++)
        {
            if (!_trapUsed[k]) continue;
            _e.Bind(_trapLabels[k]);
            _e.MovImm(EAX, k, preserveFlags: true);
            _e.Call(Mem.At(R15, VMContextLayout.TrapHandler));
        }
    }

    private void CompileInstruction(ref WasmReader reader)
    {
        int at = reader.Position;
        byte op = reader.ReadByte();
        if (_lazyAddresses) MaterializeLazyAddressesFor(op);
        if (op is >= Opcode.I32Eqz and <= Opcode.F64Ge && CompileCondition(op, ref reader)) return;
        _setTarget = op is >= Opcode.I32Add and <= Opcode.F64Copysign ? PeekSetTarget(reader) : -1;
        if (op == Opcode.I32Add)
        {
            // local + constant, unless it goes into a local: an address for a later load or store to fold.
            if (_setTarget < 0 && TryPushLazyAddress()) return;
        }

        switch (op)
        {
            case Opcode.Unreachable:
                _e.Jmp(TrapLabel(TrapKind.Unreachable));
                MarkUnreachable(ref reader);
                return;
            case Opcode.Nop:
                return;
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.If:
                EnterBlock(ref reader, op);
                return;
            case Opcode.Else:
                Else(ref reader);
                return;
            case Opcode.End:
                End();
                return;
            case Opcode.Br:
                Branch((int)reader.ReadVarU32());
                MarkUnreachable(ref reader);
                return;
            case Opcode.BrIf:
                BranchIf((int)reader.ReadVarU32());
                return;
            case Opcode.BrTable:
                BranchTable(ref reader);
                MarkUnreachable(ref reader);
                return;
            case Opcode.Return:
                Return();
                MarkUnreachable(ref reader);
                return;
            case Opcode.Call:
                Call(reader.ReadVarU32());
                return;
            case Opcode.Drop:
                Pop();
                return;
            case Opcode.Select:
                Select();
                return;
            case Opcode.SelectT:
                InstructionDecoding.ReadSelectTypes(ref reader, out _);
                Select();
                return;
            case Opcode.LocalGet:
                LocalGet((int)reader.ReadVarU32(), ref reader);
                return;
            case Opcode.LocalSet:
                LocalSet((int)reader.ReadVarU32(), keep: false);
                return;
            case Opcode.LocalTee:
                LocalSet((int)reader.ReadVarU32(), keep: true);
                return;
            case Opcode.GlobalGet:
                GlobalGet((int)reader.ReadVarU32());
                return;
            case Opcode.GlobalSet:
                GlobalSet((int)reader.ReadVarU32());
                return;
            case Opcode.I32Const:
                Push(Operand.Const(ValType.I32, (uint)reader.ReadVarS32()));
                return;
            case Opcode.I64Const:
                Push(Operand.Const(ValType.I64, reader.ReadVarS64()));
                return;
            case Opcode.F32Const:
                Push(Operand.Const(ValType.F32, reader.ReadF32Bits()));
                return;
            case Opcode.F64Const:
                Push(Operand.Const(ValType.F64, (long)reader.ReadF64Bits()));
                return;
        }

        if (op == 0xFC)
        {
            int afterPrefix = reader.Position;
            uint sub = reader.ReadVarU32();
            if (CompileTableMisc(sub, ref reader)) return;
            reader.Position = afterPrefix;
        }

        if (!CompileInteger(op) && !CompileFloat(op, ref reader) && !CompileMemory(op, ref reader) && !CompileReference(op, ref reader))
        {
            throw new NotSupportedException($"the compiler does not handle {OpcodeName(op, ref reader)} yet (at byte offset 0x{at:x})");
        }
    }

    private static string OpcodeName(byte op, ref WasmReader reader)
    {
        if (op is 0xFC or 0xFD)
        {
            uint sub = reader.ReadVarU32();
            var table = op == 0xFC ? OpcodeTable.Misc : OpcodeTable.Simd;
            return sub < (uint)table.Length && table[sub] is { } info ? info.Name : $"0x{op:x2} {sub}";
        }

        return OpcodeTable.Core[op]?.Name ?? $"0x{op:x2}";
    }

    /// <summary>Loads the address of global <paramref name="index"/>'s cell into the scratch register.</summary>
    private void LoadGlobalCell(int index)
    {
        _e.Mov(RegisterSet.ScratchGpr, Mem.At(R15, VMContextLayout.Globals));
        _e.Mov(RegisterSet.ScratchGpr, Mem.At(RegisterSet.ScratchGpr, 8L * index));
    }

    private void GlobalGet(int index)
    {
        var type = _module.Module.GlobalTypes[index].Type;
        var register = Allocate(type);
        LoadGlobalCell(index);
        Load(type, register, Mem.At(RegisterSet.ScratchGpr, 0));
        PushRegister(type, register);
    }

    private void GlobalSet(int index)
    {
        var value = PopToRegister();
        var type = _module.Module.GlobalTypes[index].Type;
        LoadGlobalCell(index);
        Store(type, Mem.At(RegisterSet.ScratchGpr, 0), value);
        Release(value);
    }
}
