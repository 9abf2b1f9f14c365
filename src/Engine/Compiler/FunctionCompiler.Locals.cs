using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// Locals in registers. Before compiling a body, one cheap pass over its bytes weighs every local by
// its local.get/set/tee count, each use counting 8^(loop depth), and counts calls the same way. The
// heaviest integer locals get rbx, r12 and r13 and the heaviest float locals xmm8-xmm15, all
// callee-saved in the wasm convention: the prologue saves the ones the function uses below its
// locals and every return restores them. Further locals get temporaries (r8-r10, xmm4-xmm6) taken
// out of the operand stack's pool: free in a function that calls nothing, otherwise saved to the
// local's home before every call and reloaded after it, so only where the local's weight beats the
// calls' weight. Such a local never moves: local.get pushes a reference to its register (read in
// place by whatever consumes it), local.set writes the register, and joins need nothing since every
// path agrees where it is. System V preserves rbx/r12/r13 across host and helper code, but not
// xmm8-15, so the host call stub saves those, and a function saves its own xmm8-15 locals around
// the runtime helpers and libc routines it calls.
internal sealed partial class FunctionCompiler
{
    /// <summary>A local gets a callee-saved register only if its weight pays for the save and restore.</summary>
    private const long MinimumWeightCalleeSaved = 3;

    /// <summary>A local gets a free (caller-saved, in a function without calls) register if it is used more than once.</summary>
    private const long MinimumWeightFree = 2;

    /// <summary>The register of each local, or <see cref="Register.None"/> for a local in its slot.</summary>
    private Register[] _localRegisters = [];
    private long[] _localWeights = [];

    /// <summary>Callee-saved registers this function uses, saved in slots below its declared locals.</summary>
    private readonly List<Register> _savedRegisters = [];

    /// <summary>Locals in xmm8-15, which System V code does not preserve.</summary>
    private readonly List<int> _xmmLocals = [];

    /// <summary>Locals in temporaries of a function that calls: saved before every call, reloaded after.</summary>
    private readonly List<int> _callerSavedLocals = [];

    /// <summary>Set between SaveLocalsForCall and RestoreLocalsAfterCall (a check that no call sequence forgets it).</summary>
    private bool _localsSavedForCall;

    /// <summary>Temporaries left to the operand stack after locals took theirs.</summary>
    private int _gprTemps;
    private int _xmmTemps;

    /// <summary>Sum over call sites of 8^(loop depth); 0 when the body calls nothing that could clobber a temporary.</summary>
    private long _callWeight;

    private static bool IsIntegerLocal(ValType type) => type is ValType.I32 or ValType.I64;

    /// <summary>
    /// Weighs the locals of the body in <paramref name="reader"/> (a copy, so the caller's position
    /// is untouched) and decides which live in registers. Sets the save list and the leaf flag.
    /// </summary>
    private void AssignLocalRegisters(WasmReader reader)
    {
        int count = _locals.Length;
        if (_localRegisters.Length < count)
        {
            int size = Math.Max(count, _localRegisters.Length * 2);
            _localRegisters = new Register[size];
            _localWeights = new long[size];
        }

        Array.Fill(_localRegisters, Register.None, 0, count);
        Array.Clear(_localWeights, 0, count);
        _savedRegisters.Clear();
        _xmmLocals.Clear();
        _callerSavedLocals.Clear();
        _localsSavedForCall = false;
        _callWeight = ScanBody(ref reader);
        _gprTemps = RegisterSet.Gprs.Length;
        _xmmTemps = RegisterSet.Xmms.Length;

        AssignClass(integer: true);
        AssignClass(integer: false);
    }

    /// <summary>Adds up the locals' weights; returns the calls' weight.</summary>
    private long ScanBody(ref WasmReader reader)
    {
        long calls = 0;
        int loopDepth = 0;

        // One bit per open block: set for a loop. Deeper nesting than 64 just stops counting loops.
        ulong loops = 0;
        int open = 0;
        while (!reader.AtEnd)
        {
            byte op = reader.PeekByte();
            switch (op)
            {
                case Opcode.LocalGet:
                case Opcode.LocalSet:
                case Opcode.LocalTee:
                    reader.ReadByte();
                    uint index = reader.ReadVarU32();
                    _localWeights[index] += 1L << (3 * Math.Min(loopDepth, 6));
                    continue;
                case Opcode.Block:
                case Opcode.If:
                case Opcode.Loop:
                    if (open < 64)
                    {
                        loops = (loops << 1) | (op == Opcode.Loop ? 1UL : 0UL);
                        if (op == Opcode.Loop) loopDepth++;
                    }

                    open++;
                    break;
                case Opcode.End:
                    open--;
                    if (open >= 0 && open < 64)
                    {
                        if ((loops & 1) != 0) loopDepth--;
                        loops >>= 1;
                    }

                    break;
                case Opcode.Call:
                case Opcode.CallIndirect:
                case Opcode.MemoryGrow:
                    calls += 1L << (3 * Math.Min(loopDepth, 6));
                    break;
                case 0xFC:
                    var probe = reader;
                    probe.ReadByte();
                    uint sub = probe.ReadVarU32();
                    if (sub is MiscOpcode.MemoryInit or MiscOpcode.MemoryCopy or MiscOpcode.MemoryFill
                        or MiscOpcode.TableInit or MiscOpcode.ElemDrop or MiscOpcode.TableCopy
                        or MiscOpcode.TableGrow or MiscOpcode.TableFill)
                    {
                        calls += 1L << (3 * Math.Min(loopDepth, 6));
                    }

                    break;
            }

            InstructionSkipper.Skip(ref reader);
        }

        return calls;
    }

    /// <summary>
    /// Gives the heaviest locals of one register class their registers, heaviest first, in the
    /// order of <see cref="LocalRegisterOrder"/>. A temporary in a function with calls is saved
    /// around each of them, so it only goes to a local that outweighs the calls.
    /// </summary>
    private void AssignClass(bool integer)
    {
        bool leaf = _callWeight == 0;
        foreach (var register in LocalRegisterOrder(integer, leaf))
        {
            // The heaviest local of this class still in memory.
            int best = -1;
            long bestWeight = 0;
            for (int i = 0; i < _locals.Length; i++)
            {
                var type = _locals[i];
                bool matches = integer ? IsIntegerLocal(type) : IsFloat(type);
                if (matches && _localRegisters[i] == Register.None && _localWeights[i] > bestWeight)
                {
                    best = i;
                    bestWeight = _localWeights[i];
                }
            }

            bool isCallerSaved = !IsCalleeSaved(register);
            long minimum = isCallerSaved ? MinimumWeightFree + (2 * _callWeight) : MinimumWeightCalleeSaved;
            if (best < 0 || bestWeight < minimum) return;
            _localRegisters[best] = register;
            if (isCallerSaved)
            {
                Claim(register);
                if (!integer) _xmmTemps--;
                else _gprTemps--;
                if (!leaf) _callerSavedLocals.Add(best);
            }
            else
            {
                _savedRegisters.Add(register);
                if (!integer) _xmmLocals.Add(best);
            }
        }
    }

    private static bool IsCalleeSaved(Register register) => register is RBX or R12 or R13 || register >= XMM8;

    /// <summary>
    /// Which registers locals get, best first. Integer locals in a function without calls take the
    /// free temporaries r8-r10 first, then the callee-saved ones; with calls the callee-saved ones
    /// come first. rax, rcx, rdx, rsi and rdi stay with the operand stack (giving it only three
    /// did not pay: more spills). Eight callee-saved xmm registers are usually enough for float
    /// locals, so xmm4-6 come last and the operand stack keeps its seven.
    /// </summary>
    private static ReadOnlySpan<Register> LocalRegisterOrder(bool integer, bool leaf) =>
        !integer ? FloatLocalOrder : leaf ? LeafIntegerLocalOrder : IntegerLocalOrder;

    private static readonly Register[] LeafIntegerLocalOrder = [R10, R9, R8, RBX, R12, R13];
    private static readonly Register[] IntegerLocalOrder = [RBX, R12, R13, R10, R9, R8];
    private static readonly Register[] FloatLocalOrder = [XMM8, XMM9, XMM10, XMM11, XMM12, XMM13, XMM14, XMM15, XMM6, XMM5, XMM4];

    private MemoryOperand SavedRegisterSlot(int k) => Mem.At(RBP, -8L * (_declaredLocals + 1 + k));

    /// <summary>After the frame is set up: save the callee-saved registers used, then load or zero the register locals.</summary>
    private void EnterRegisterLocals()
    {
        for (int k = 0; k < _savedRegisters.Count; k++)
        {
            var register = _savedRegisters[k];
            if (RegisterSet.IsXmm(register)) _e.Movsd(SavedRegisterSlot(k), register);
            else _e.Mov(SavedRegisterSlot(k), register);
        }

        for (int i = 0; i < _locals.Length; i++)
        {
            var register = _localRegisters[i];
            if (register == Register.None) continue;
            var type = _locals[i];
            if (i < _paramCount) Load(type, register, LocalHome(i));
            else if (IsFloat(type)) _e.Sse(SseOp.Xorps, register, register);
            else _e.Alu(AluOp.Xor, GprWidth.Low32(register), GprWidth.Low32(register));
        }
    }

    /// <summary>Before every return: restore the callee-saved registers (the result registers are untouched).</summary>
    private void RestoreSavedRegisters()
    {
        for (int k = 0; k < _savedRegisters.Count; k++)
        {
            var register = _savedRegisters[k];
            if (RegisterSet.IsXmm(register)) _e.Movsd(register, SavedRegisterSlot(k));
            else _e.Mov(register, SavedRegisterSlot(k));
        }
    }

    /// <summary>
    /// Before a call sequence puts anything in argument registers: register locals in temporaries
    /// go to their homes (they stay valid in their registers until the call itself).
    /// </summary>
    private void SaveLocalsForCall()
    {
        // The pre-scan must have seen every call, or temporaries would hold locals across one unsaved.
        if (_callWeight == 0) throw new InvalidOperationException("a call the pre-scan of the body did not count");
        foreach (int local in _callerSavedLocals) Store(_locals[local], LocalHome(local), _localRegisters[local]);
        _localsSavedForCall = true;
    }

    /// <summary>Right after a call to wasm code (which preserves rbx, r12, r13 and xmm8-15): the temporaries' locals come back.</summary>
    private void RestoreLocalsAfterCall()
    {
        CheckLocalsSaved();
        foreach (int local in _callerSavedLocals) Load(_locals[local], _localRegisters[local], LocalHome(local));
        _localsSavedForCall = false;
    }

    /// <summary>Immediately before a call into System V code (a helper, libc): also xmm8-15's locals, which it may clobber.</summary>
    private void SaveXmmLocals()
    {
        CheckLocalsSaved();
        foreach (int local in _xmmLocals) _e.Movsd(LocalHome(local), _localRegisters[local]);
    }

    /// <summary>Right after a call into System V code: every local in a register it may have clobbered comes back.</summary>
    private void RestoreLocalsAfterNativeCall()
    {
        foreach (int local in _xmmLocals) _e.Movsd(_localRegisters[local], LocalHome(local));
        RestoreLocalsAfterCall();
    }

    private void CheckLocalsSaved()
    {
        if (!_localsSavedForCall) throw new InvalidOperationException("a call sequence did not save the locals in temporaries first");
    }

    private void LocalGet(int index, ref WasmReader reader)
    {
        var type = _locals[index];
        var home = _localRegisters[index];
        if (home != Register.None)
        {
            Push(Operand.LocalRef(type, home, index));
            return;
        }

        // A local in memory copied to one in a register: load it there directly.
        int target = PeekSetTarget(reader);
        if (target >= 0)
        {
            CopyLocalReferences(target, _height);
            LocalWritten(target);
            Load(type, _localRegisters[target], LocalHome(index));
            Push(Operand.LocalRef(type, _localRegisters[target], target));
            return;
        }

        var register = Allocate(type);
        Load(type, register, LocalHome(index));
        PushRegister(type, register);
    }

    private void LocalSet(int index, bool keep)
    {
        var home = _localRegisters[index];
        if (home == Register.None)
        {
            SetLocalInMemory(index, keep);
            return;
        }

        var type = _locals[index];
        if (Peek().Kind == OperandKind.Local && Peek().Local == index)
        {
            // x = x.
            if (!keep) Pop();
            return;
        }

        CopyLocalReferences(index, _height - 1);
        LocalWritten(index);

        var value = Peek();
        switch (value.Kind)
        {
            case OperandKind.Register:
            case OperandKind.Local:
                Move(type, home, value.Register);
                break;
            case OperandKind.Constant:
                LoadConstant(type, home, value.Constant);
                break;
            default:
                Load(type, home, SlotOf(_height - 1));
                break;
        }

        Pop();
        if (keep) Push(Operand.LocalRef(type, home, index));
    }

    /// <summary>
    /// Before register local <paramref name="index"/> is written: references to it below
    /// <paramref name="height"/> become copies in temporaries, so they keep the old value.
    /// </summary>
    private void CopyLocalReferences(int index, int height)
    {
        for (int depth = 0; depth < height; depth++)
        {
            if (_stack[depth].Kind == OperandKind.LocalPlusConstant && _stack[depth].Local == index)
            {
                MaterializeLazyAddress(depth);
            }
            else if (_stack[depth].Kind == OperandKind.Local && _stack[depth].Local == index)
            {
                var type = _stack[depth].Type;
                var copy = Allocate(type);
                Move(type, copy, _localRegisters[index]);
                _stack[depth] = Operand.InRegister(type, copy);
            }
        }
    }

    /// <summary>
    /// The register local that the instruction at <paramref name="reader"/> sets (local.set or
    /// local.tee), or -1: an operation whose result goes there computes it in place.
    /// </summary>
    private int PeekSetTarget(WasmReader reader)
    {
        if (reader.AtEnd) return -1;
        byte next = reader.PeekByte();
        if (next is not (Opcode.LocalSet or Opcode.LocalTee)) return -1;
        reader.ReadByte();
        uint index = reader.ReadVarU32();
        return index < (uint)_locals.Length && _localRegisters[index] != Register.None ? (int)index : -1;
    }

    private void SetLocalInMemory(int index, bool keep)
    {
        var type = Peek().Type;
        if (keep && Peek().Kind == OperandKind.Slot)
        {
            // A tee leaves the value on the stack; in a register it serves both uses with one load.
            var register = PopToRegister();
            PushRegister(type, register);
        }

        CopyTo(Peek(), _height - 1, LocalHome(index));
        if (!keep) Pop();
    }
}
