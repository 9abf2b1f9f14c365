using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using Wasmbox.Engine.Runtime;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// Structured control flow. Values cross joins in their slots: a block that something branches to
// spills the whole operand stack at entry (so every path agrees on where each value is), and every
// branch puts the values it carries into the target's result slots before jumping.
internal sealed partial class FunctionCompiler
{
    private ControlFrame[] _controls = new ControlFrame[16];
    private int _controlCount;

    private void PushControl(ControlKind kind, ValType[] parameters, ValType[] results, CodeLabel target, bool isBranchTarget = true)
    {
        if (_controlCount == _controls.Length) Array.Resize(ref _controls, _controlCount * 2);
        _controls[_controlCount++] = new ControlFrame
        {
            Kind = kind,
            Base = _height - parameters.Length,
            Parameters = parameters,
            Results = results,
            Target = target,
            IsBranchTarget = isBranchTarget,
        };
    }

    private ref ControlFrame Frame(int depth) => ref _controls[_controlCount - 1 - depth];

    private (ValType[] Parameters, ValType[] Results) ReadBlockType(ref WasmReader reader)
    {
        int blockType = InstructionDecoding.ReadBlockType(ref reader);
        if (blockType == InstructionDecoding.EmptyBlockType) return ([], []);
        if (blockType < 0) return ([], [(ValType)(-blockType)]);
        var type = _module.Module.Types[blockType];
        return (type.Parameters, type.Results);
    }

    private void EnterBlock(ref WasmReader reader, byte op)
    {
        var (parameters, results) = ReadBlockType(ref reader);
        bool targeted = _function.Controls[_nextControl++].IsBranchTarget;
        switch (op)
        {
            case Opcode.Block:
                if (targeted) SpillAllFrom(0);
                PushControl(ControlKind.Block, parameters, results, _e.NewLabel(), targeted);
                return;
            case Opcode.Loop:
                if (targeted) SpillAllFrom(0);
                var header = _e.NewLabel();
                _e.Bind(header);
                if (targeted && _module.Options.LoopChecks) EmitInterruptCheck();
                ForgetCheckedRanges();
                PushControl(ControlKind.Loop, parameters, results, header, targeted);
                _loopDepth++;
                return;
            default:
                // The false path jumps straight to else (or end), so an if is always a join.
                var condition = Pop();
                SpillAllFrom(0);
                var elseLabel = _e.NewLabel();
                JumpIfZero(condition, elseLabel);
                PushControl(ControlKind.If, parameters, results, _e.NewLabel());
                Frame(0).ElseLabel = elseLabel;
                return;
        }
    }

    /// <summary>Jumps to <paramref name="target"/> when the popped i32 <paramref name="condition"/> is zero.</summary>
    private void JumpIfZero(in Operand condition, CodeLabel target)
    {
        switch (condition.Kind)
        {
            case OperandKind.Constant:
                if ((uint)condition.Constant == 0) _e.Jmp(target);
                return;
            case OperandKind.Register:
            case OperandKind.Local:
                _e.Test(GprWidth.Low32(condition.Register), GprWidth.Low32(condition.Register));
                break;
            default:
                _e.Emit(Instruction.Create(Code.Cmp_rm32_imm8, SlotOf(_height), 0));
                break;
        }

        _e.Jcc(ConditionCode.e, target);
    }

    private void Else(ref WasmReader reader)
    {
        ref var frame = ref Frame(0);
        MoveBranchValues(frame.Base, frame.Results.Length);
        _e.Jmp(frame.Target);
        _e.Bind(frame.ElseLabel);
        frame.HasElse = true;
        ResetStackTo(frame.Base, frame.Parameters);
    }

    private void End()
    {
        ref var frame = ref Frame(0);
        switch (frame.Kind)
        {
            case ControlKind.Function:
                Return();
                _e.Bind(frame.Target);
                _controlCount--;
                return;
            case ControlKind.Loop:
                // Only the fall-through reaches a loop's end: its values stay where they are.
                _controlCount--;
                _loopDepth--;
                return;
            case ControlKind.Block when !frame.IsBranchTarget:
                _controlCount--;
                return;
        }

        MoveBranchValues(frame.Base, frame.Results.Length);
        if (frame.Kind == ControlKind.If && !frame.HasElse) _e.Bind(frame.ElseLabel);
        _e.Bind(frame.Target);
        ResetStackTo(frame.Base, frame.Results);
        _controlCount--;
    }

    /// <summary>After a join, the stack is what lay below the block plus its values, all in their slots.</summary>
    private void ResetStackTo(int baseHeight, ValType[] types)
    {
        ForgetCheckedRanges();
        while (_height > baseHeight) Pop();
        foreach (var type in types) Push(Operand.InSlot(type));
    }

    /// <summary>
    /// Puts the top <paramref name="count"/> values into the slots of depths
    /// <paramref name="targetBase"/>.. (ascending, so an overlapping move never overwrites a source
    /// it still needs). Leaves the abstract stack as it was: a branch may be conditional.
    /// </summary>
    private void MoveBranchValues(int targetBase, int count)
    {
        int first = _height - count;
        for (int i = 0; i < count; i++)
        {
            int from = first + i;
            int to = targetBase + i;
            var operand = _stack[from];
            if (from == to && operand.Kind == OperandKind.Slot) continue;
            CopyTo(operand, from, SlotOf(to));
        }
    }

    private void Branch(int depth)
    {
        ref var target = ref Frame(depth);
        if (depth == _controlCount - 1)
        {
            Return();
            return;
        }

        MoveBranchValues(target.Base, target.BranchTypes.Length);
        _e.Jmp(target.Target);
    }

    private void BranchIf(int depth)
    {
        var condition = Pop();
        switch (condition.Kind)
        {
            case OperandKind.Constant:
                if ((uint)condition.Constant != 0) Branch(depth);
                return;
            case OperandKind.Register:
            case OperandKind.Local:
                _e.Test(GprWidth.Low32(condition.Register), GprWidth.Low32(condition.Register));
                break;
            default:
                _e.Emit(Instruction.Create(Code.Cmp_rm32_imm8, SlotOf(_height), 0));
                break;
        }

        BranchOn(ConditionCode.ne, depth);
    }

    private void BranchTable(ref WasmReader reader)
    {
        int count = reader.ReadCount();
        var depths = new int[count + 1];
        for (int i = 0; i <= count; i++) depths[i] = (int)reader.ReadVarU32();

        var index = PopToRegister();
        var index32 = GprWidth.Low32(index);
        Release(index);

        // A compare chain, then the default. Each case branches through its own moves.
        for (int i = 0; i < count; i++)
        {
            var next = _e.NewLabel();
            _e.Cmp(index32, i);
            _e.Jcc(ConditionCode.ne, next);
            Branch(depths[i]);
            _e.Bind(next);
        }

        Branch(depths[count]);
    }

    private void Return()
    {
        var results = _type.Results;
        if (results.Length == 1)
        {
            var type = results[0];
            var returnRegister = IsFloat(type) ? XMM0 : RAX;
            var operand = _stack[_height - 1];
            switch (operand.Kind)
            {
                case OperandKind.Register or OperandKind.Local: Move(type, returnRegister, operand.Register); break;
                case OperandKind.Constant: LoadConstant(type, returnRegister, operand.Constant); break;
                default: Load(type, returnRegister, SlotOf(_height - 1)); break;
            }
        }
        else if (results.Length > 1)
        {
            int first = _height - results.Length;
            for (int j = 0; j < results.Length; j++) CopyTo(_stack[first + j], first + j, Mem.At(RBP, 16 + (8L * (_argumentArea - 1 - j))));
        }

        EmitEpilogue();
    }

    /// <summary>
    /// The rest of the current block cannot run: skip its instructions (keeping track of nesting)
    /// up to the else or end that closes it, and leave the stack as the validator's polymorphic
    /// stack would: the block's base, refilled with slots when control resumes.
    /// </summary>
    private void MarkUnreachable(ref WasmReader reader)
    {
        int depth = 0;
        while (true)
        {
            byte op = reader.PeekByte();
            if (depth == 0 && (op == Opcode.End || op == Opcode.Else))
            {
                // Whatever follows (else or end) expects the block's results on the stack; no code
                // reaches here, so which slots hold them does not matter.
                ResetStackTo(Frame(0).Base, Frame(0).Results);
                return;
            }

            byte skipped = InstructionSkipper.Skip(ref reader);
            if (skipped is Opcode.Block or Opcode.Loop or Opcode.If) depth++;
            else if (skipped == Opcode.End) depth--;
        }
    }

    private void Call(uint functionIndex)
    {
        var callee = _module.Module.GetFunctionType(functionIndex);
        SpillAllFrom(_height - callee.Parameters.Length);
        SpillRegisters();
        if (functionIndex < _module.Module.ImportedFunctionCount)
        {
            _e.Mov(RegisterSet.ScratchGpr, Mem.At(R15, VMContextLayout.Functions));
            EmitCallThroughFuncRef(RegisterSet.ScratchGpr, (long)functionIndex * FuncRef.Size, callee);
            return;
        }

        EnterCall(callee);
        _e.Call(_module.FunctionLabel(functionIndex));
        LeaveCall(callee);
    }

    /// <summary>
    /// Calls the function a FuncRef describes (an import, or a call_indirect target): it runs with
    /// its own context, so r15/r14 are switched around the call and the execution state carried over.
    /// Arguments must already be in their slots and every temporary spilled.
    /// </summary>
    private void EmitCallThroughFuncRef(Register funcRefBase, long entryOffset, FuncType callee)
    {
        EnterCall(callee);
        _e.Mov(SavedContextSlot, R15);
        _e.Mov(RAX, Mem.At(R15, VMContextLayout.ExecutionState));
        _e.Mov(R15, Mem.At(funcRefBase, entryOffset + FuncRef.ContextOffset));
        _e.Mov(Mem.At(R15, VMContextLayout.ExecutionState), RAX);
        _e.Mov(R14, Mem.At(R15, VMContextLayout.Memory0Base));
        _e.Call(Mem.At(funcRefBase, entryOffset + FuncRef.CodeOffset));
        _e.Mov(R15, SavedContextSlot);
        _e.Mov(R14, Mem.At(R15, VMContextLayout.Memory0Base));
        LeaveCall(callee);
    }

    /// <summary>Points rsp at the argument area of a call (see the ABI: n = max(params, results) slots).</summary>
    private void EnterCall(FuncType callee)
    {
        int k = callee.Parameters.Length;
        int n = Math.Max(k, callee.Results.Length);
        SaveLocalsForCall();
        _e.Lea(RSP, Mem.At(RBP, -8L * (_fixedSlots + _height - k + n)));
    }

    /// <summary>Restores rsp after a call and replaces the arguments with the results.</summary>
    private void LeaveCall(FuncType callee)
    {
        _e.Lea(RSP, Mem.At(RBP, -_frameSize));
        RestoreLocalsAfterCall();
        for (int i = 0; i < callee.Parameters.Length; i++) Pop();
        if (callee.Results.Length == 1)
        {
            var type = callee.Results[0];
            var register = IsFloat(type) ? XMM0 : RAX;
            Claim(register);
            PushRegister(type, register);
        }
        else
        {
            foreach (var type in callee.Results) Push(Operand.InSlot(type));
        }
    }

    private void Select()
    {
        var conditionRegister = PopToRegister();
        var condition = GprWidth.Low32(conditionRegister);
        var type = Peek().Type;
        int avoid = 1 << RegisterSet.Bit(conditionRegister);
        var second = PopToRegister(avoid);
        var first = PopToRegister(avoid | (1 << RegisterSet.Bit(second)));
        _e.Test(condition, condition);
        if (IsFloat(type))
        {
            var keepFirst = _e.NewLabel();
            _e.Jcc(ConditionCode.ne, keepFirst);
            Move(type, first, second);
            _e.Bind(keepFirst);
        }
        else
        {
            _e.Cmovcc(ConditionCode.e, Sized(type, first), Sized(type, second));
        }

        Release(conditionRegister);
        Release(second);
        PushRegister(type, first);
    }
}
