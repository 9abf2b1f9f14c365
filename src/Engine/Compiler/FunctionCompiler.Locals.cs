using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// Locals in registers. Before compiling a body, one cheap pass over its bytes weighs every local by
// its local.get/set/tee count, each use counting 8^(loop depth); the heaviest integer locals get
// rbx, r12 and r13 (plus r8-r10 in a function that calls nothing), the heaviest float locals
// xmm8-xmm15, for the whole function. Such a local never moves: local.get pushes a reference to its
// register (read in place by whatever consumes it), local.set writes the register, and joins need
// nothing since every path agrees where it is. rbx, r12, r13 and xmm8-15 are callee-saved in the
// wasm convention: the prologue saves the ones the function uses below its locals and every return
// restores them. System V preserves rbx/r12/r13 across host and helper code, but not xmm8-15, so
// the host call stub saves those, and a function saves its own float register locals around the
// runtime helpers and libc routines it calls.
internal sealed partial class FunctionCompiler
{
    /// <summary>Integer locals' registers, best first: callee-saved in the wasm convention.</summary>
    private static readonly Register[] CalleeSavedGprs = [RBX, R12, R13];

    /// <summary>Temporaries a function that calls nothing may keep locals in (leaving rax, rcx, rdx, rsi, rdi to the operand stack).</summary>
    private static readonly Register[] LeafLocalGprs = [R10, R9, R8];

    /// <summary>Float locals' registers: callee-saved in the wasm convention.</summary>
    private static readonly Register[] CalleeSavedXmms = [XMM8, XMM9, XMM10, XMM11, XMM12, XMM13, XMM14, XMM15];

    /// <summary>A local gets a callee-saved register only if its weight pays for the save and restore.</summary>
    private const long MinimumWeightCalleeSaved = 3;

    /// <summary>A local gets a free (caller-saved) register if it is used more than once.</summary>
    private const long MinimumWeightFree = 2;

    /// <summary>The register of each local, or <see cref="Register.None"/> for a local in its slot.</summary>
    private Register[] _localRegisters = [];
    private long[] _localWeights = [];

    /// <summary>Callee-saved registers this function uses, saved in slots below its declared locals.</summary>
    private readonly List<Register> _savedRegisters = [];

    /// <summary>Locals in xmm registers, which System V code does not preserve.</summary>
    private readonly List<int> _xmmLocals = [];

    /// <summary>True when the body calls nothing that could clobber a temporary (no call, call_indirect, or runtime helper).</summary>
    private bool _isLeaf;

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
        _isLeaf = !ScanBody(ref reader);

        AssignClass(integer: true);
        AssignClass(integer: false);
    }

    /// <summary>Adds up the weights; returns whether the body calls anything.</summary>
    private bool ScanBody(ref WasmReader reader)
    {
        bool calls = false;
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
                    calls = true;
                    break;
                case 0xFC:
                    var probe = reader;
                    probe.ReadByte();
                    uint sub = probe.ReadVarU32();
                    if (sub is MiscOpcode.MemoryInit or MiscOpcode.MemoryCopy or MiscOpcode.MemoryFill
                        or MiscOpcode.TableInit or MiscOpcode.ElemDrop or MiscOpcode.TableCopy
                        or MiscOpcode.TableGrow or MiscOpcode.TableFill)
                    {
                        calls = true;
                    }

                    break;
            }

            InstructionSkipper.Skip(ref reader);
        }

        return calls;
    }

    /// <summary>Gives the heaviest locals of one register class their registers, heaviest first.</summary>
    private void AssignClass(bool integer)
    {
        ReadOnlySpan<Register> free = integer && _isLeaf ? LeafLocalGprs : [];
        ReadOnlySpan<Register> saved = integer ? CalleeSavedGprs : CalleeSavedXmms;
        int next = 0;
        int total = free.Length + saved.Length;
        while (next < total)
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

            bool isFree = next < free.Length;
            if (best < 0 || bestWeight < (isFree ? MinimumWeightFree : MinimumWeightCalleeSaved)) return;
            var register = isFree ? free[next] : saved[next - free.Length];
            next++;
            _localRegisters[best] = register;
            if (isFree) Claim(register);
            else _savedRegisters.Add(register);
            if (!integer) _xmmLocals.Add(best);
        }
    }

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

    /// <summary>Around a call into System V code (helpers, libc): xmm register locals go to their homes and back.</summary>
    private void SaveXmmLocals()
    {
        foreach (int local in _xmmLocals) _e.Movsd(LocalHome(local), _localRegisters[local]);
    }

    private void RestoreXmmLocals()
    {
        foreach (int local in _xmmLocals) _e.Movsd(_localRegisters[local], LocalHome(local));
    }

    private void LocalGet(int index)
    {
        var type = _locals[index];
        var home = _localRegisters[index];
        if (home != Register.None)
        {
            Push(Operand.LocalRef(type, home, index));
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
            if (_stack[depth].Kind == OperandKind.Local && _stack[depth].Local == index)
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
