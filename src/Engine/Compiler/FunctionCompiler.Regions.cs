using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using Wasmbox.Engine.Runtime;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// Versioned straight-line regions: one bounds check per base instead of one per access.
//
// Inside a loop, before compiling a run of straight-line instructions (nothing that branches,
// calls or ends a block), a scan of its bytes finds the memory accesses whose address is a
// register local p plus a constant (p, p + c with the offsets, as the folding compiles them) or a
// constant, and for each p the largest end and the largest k of a p - k. When that saves at least
// two checks, the region is compiled twice: first behind a check or two per p (p >= k, then
// p + end <= memory size) and one for the constant addresses, that
// proves every access of the region in bounds, so the accesses themselves check nothing; then,
// out of line after the function's body and reached when one of those checks fails, the same
// instructions with every check, so a region that traps still performs exactly the accesses
// before the trapping one, and jumps back. Both versions start and end in the same compiler state
// (the checks allocate nothing), so the one after the region fits both.
internal sealed partial class FunctionCompiler
{
    /// <summary>No region is looked for before this body position (the last scan's end).</summary>
    private int _noRegionBefore;

    /// <summary>Number of loops around the instruction being compiled.</summary>
    private int _loopDepth;

    // The scan's results: per register local, the largest end found (long.MinValue: none) and the
    // lower bound its negative constants need; and the largest end for constant addresses.
    private long[] _regionEnds = [];
    private long[] _regionLows = [];
    private readonly List<int> _regionLocals = [];
    private long _regionConstantEnd;

    /// <summary>What the region scan knows about a value on the operand stack.</summary>
    private readonly struct ScanValue
    {
        public readonly int Local;
        public readonly long Constant;
        public readonly byte Kind;

        public ScanValue(byte kind, int local, long constant)
        {
            Kind = kind;
            Local = local;
            Constant = constant;
        }

        public const byte Unknown = 0;
        public const byte LocalValue = 1;
        public const byte LocalPlusConstant = 2;
        public const byte ConstantValue = 3;

        /// <summary>A register local set in the region to Local + Constant, whose range the compiler derives from Local's.</summary>
        public const byte Alias = 4;
    }

    // Per local, for the region being scanned: what it was set to (valid when the stamp is current).
    private int[] _aliasStamp = [];
    private int[] _aliasOf = [];
    private long[] _aliasConstant = [];
    private int _scanStamp;

    private ScanValue[] _scanStack = new ScanValue[16];

    private static int AccessSize(byte op) => op switch
    {
        Opcode.I64Load or Opcode.F64Load or Opcode.I64Store or Opcode.F64Store => 8,
        Opcode.I32Load8S or Opcode.I32Load8U or Opcode.I64Load8S or Opcode.I64Load8U or Opcode.I32Store8 or Opcode.I64Store8 => 1,
        Opcode.I32Load16S or Opcode.I32Load16U or Opcode.I64Load16S or Opcode.I64Load16U or Opcode.I32Store16 or Opcode.I64Store16 => 2,
        _ => 4,
    };

    /// <summary>
    /// At a region's start inside a loop: scans it and, when it pays, compiles it twice as
    /// described above. Returns false (nothing compiled) when it does not pay.
    /// </summary>
    private bool TryCompileVersionedRegion(ref WasmReader reader)
    {
        int start = reader.Position;
        int end = ScanRegion(reader, out int accesses);
        _noRegionBefore = Math.Max(end, start + 1);

        // One check per base replaces the accesses' own checks.
        int checks = _regionLocals.Count + (_regionConstantEnd > 0 ? 1 : 0);
        if (accesses - checks < 2) return false;

        // The state both versions start from.
        int height = _height;
        var stack = _stack.AsSpan(0, height).ToArray();
        int used = _usedRegisters;
        bool lazy = _lazyAddresses;

        var slow = _e.NewLabel();
        var done = _e.NewLabel();
        foreach (int local in _regionLocals)
        {
            // p >= k first (so p - k does not wrap), then p + end <= memory size.
            var register = _localRegisters[local];
            long low = _regionLows[local];
            if (!IsAtLeast(local, low))
            {
                _e.Cmp(GprWidth.Low32(register), (int)low);
                _e.Jcc(ConditionCode.b, slow);
            }

            long localEnd = _regionEnds[local];
            if (IsChecked(local, localEnd)) continue;
            _e.Lea(RegisterSet.ScratchGpr, Mem.At(register, localEnd));
            _e.Cmp(RegisterSet.ScratchGpr, Memory0Size);
            _e.Jcc(ConditionCode.a, slow);
        }

        if (_regionConstantEnd > 0 && !IsMemoryAtLeast(_regionConstantEnd))
        {
            _e.Emit(Instruction.Create(Code.Cmp_rm64_imm32, Memory0Size, (int)_regionConstantEnd));
            _e.Jcc(ConditionCode.b, slow);
        }

        foreach (int local in _regionLocals)
        {
            RecordChecked(local, _regionEnds[local]);
            RecordAtLeast(local, _regionLows[local]);
        }

        if (_regionConstantEnd > 0) RecordMemoryAtLeast(_regionConstantEnd);
        while (reader.Position < end) CompileInstruction(ref reader);
        _e.Bind(done);
        ForgetCheckedRanges();

        // The checked version goes out of line, after the body: compiled then from the same start
        // state (knowing nothing about any range), it must end in this state and jumps back.
        int fastHeight = _height;
        var fastStack = _stack.AsSpan(0, fastHeight).ToArray();
        int fastUsed = _usedRegisters;
        bool fastLazy = _lazyAddresses;
        int bodyEnd = reader.End;
        _deferred.Add(() =>
        {
            _height = height;
            if (_stack.Length < height) Array.Resize(ref _stack, height);
            stack.CopyTo(_stack.AsSpan());
            _usedRegisters = used;
            _lazyAddresses = lazy;
            ForgetCheckedRanges();

            _e.Bind(slow);
            var again = new WasmReader(_module.Module.Bytes.Span, start, bodyEnd);
            while (again.Position < end) CompileInstruction(ref again);
            if (_height != fastHeight || _usedRegisters != fastUsed || _lazyAddresses != fastLazy || !_stack.AsSpan(0, _height).SequenceEqual(fastStack))
            {
                throw new InvalidOperationException("the two versions of a region ended in different states");
            }

            _e.Jmp(done);
        });

        return true;
    }

    /// <summary>
    /// Finds where the region starting at <paramref name="reader"/> ends and collects its
    /// accesses through register locals and constants (<see cref="_regionLocals"/>,
    /// <see cref="_regionEnds"/>, <see cref="_regionConstantEnd"/>); returns the end position.
    /// </summary>
    private int ScanRegion(WasmReader reader, out int accesses)
    {
        if (_regionEnds.Length < _locals.Length)
        {
            int size = Math.Max(_locals.Length, _regionEnds.Length * 2);
            _regionEnds = new long[size];
            _regionLows = new long[size];
            Array.Fill(_regionEnds, long.MinValue);
        }

        foreach (int local in _regionLocals) _regionEnds[local] = long.MinValue;
        _regionLocals.Clear();
        _regionConstantEnd = 0;
        accesses = 0;

        if (_aliasStamp.Length < _locals.Length)
        {
            int size = Math.Max(_locals.Length, _aliasStamp.Length * 2);
            _aliasStamp = new int[size];
            _aliasOf = new int[size];
            _aliasConstant = new long[size];
        }

        _scanStamp++;

        // Register locals written so far in the region: their later values are not the ones checked up front.
        ulong written = 0;
        int depth = 0;
        bool afterAdd = false;
        while (!reader.AtEnd)
        {
            int at = reader.Position;
            byte op = reader.PeekByte();
            int pops = SimpleOperandCount(op);
            if (pops < 0 || (op is >= Opcode.I32Eqz and <= Opcode.F64Ge && FusesWithControl(reader))) return at;

            reader.ReadByte();
            ScanValue result = default;
            bool pushes = true;
            bool wasAdd = afterAdd;
            afterAdd = false;
            switch (op)
            {
                case Opcode.LocalGet:
                {
                    uint index = reader.ReadVarU32();
                    if (_localRegisters[index] == Register.None || !IsIntegerLocal(_locals[index])) break;
                    if (_aliasStamp[index] == _scanStamp)
                    {
                        result = new ScanValue(ScanValue.Alias, _aliasOf[index], _aliasConstant[index]);
                    }
                    else if (!IsWritten(written, (int)index))
                    {
                        result = new ScanValue(ScanValue.LocalValue, (int)index, 0);
                    }

                    break;
                }

                case Opcode.LocalSet:
                case Opcode.LocalTee:
                {
                    uint index = reader.ReadVarU32();
                    if (_localRegisters[index] == Register.None) break;
                    written |= 1UL << ((int)index & 63);
                    _aliasStamp[index] = 0;

                    // local = p + c computed in place by a lea: the compiler knows its range from p's.
                    var value = PeekScan(depth, 0);
                    if (wasAdd && value.Kind == ScanValue.LocalPlusConstant && value.Local != (int)index && IsIntegerLocal(_locals[index]))
                    {
                        _aliasStamp[index] = _scanStamp;
                        _aliasOf[index] = value.Local;
                        _aliasConstant[index] = value.Constant;
                        result = new ScanValue(ScanValue.Alias, value.Local, value.Constant);
                    }

                    pushes = op == Opcode.LocalTee;
                    break;
                }

                case Opcode.I32Const:
                    result = new ScanValue(ScanValue.ConstantValue, 0, (uint)reader.ReadVarS32());
                    break;
                case Opcode.I32Add:
                {
                    var right = PeekScan(depth, 0);
                    var left = PeekScan(depth, 1);

                    // As TryPushLazyAddress: a plain register local plus a constant (signed); an
                    // alias p + c plus d reaches p + c + d.
                    if (left.Kind is ScanValue.LocalValue or ScanValue.Alias && right.Kind == ScanValue.ConstantValue)
                    {
                        result = new ScanValue(ScanValue.LocalPlusConstant, left.Local, left.Constant + (int)right.Constant);
                    }

                    afterAdd = true;
                    break;
                }

                case >= Opcode.I32Load and <= Opcode.I64Store32:
                {
                    reader.ReadVarU32();
                    uint offset = reader.ReadVarU32();
                    bool store = op >= Opcode.I32Store;
                    var address = PeekScan(depth, store ? 1 : 0);
                    long constant = address.Kind == ScanValue.LocalValue ? 0 : address.Constant;
                    long accessEnd = constant + offset + AccessSize(op);
                    if (address.Kind != ScanValue.Unknown && CanFold(constant, offset, AccessSize(op)))
                    {
                        accesses++;
                        if (address.Kind == ScanValue.ConstantValue)
                        {
                            _regionConstantEnd = Math.Max(_regionConstantEnd, accessEnd);
                        }
                        else
                        {
                            int local = address.Local;
                            if (_regionEnds[local] == long.MinValue)
                            {
                                _regionLocals.Add(local);
                                _regionLows[local] = 0;
                            }

                            _regionEnds[local] = Math.Max(_regionEnds[local], accessEnd);
                            _regionLows[local] = Math.Max(_regionLows[local], -constant);
                        }
                    }

                    pops = store ? 2 : 1;
                    pushes = !store;
                    break;
                }

                case Opcode.Drop:
                case Opcode.GlobalSet:
                    pops = 1;
                    pushes = false;
                    reader.Position = at;
                    InstructionSkipper.Skip(ref reader);
                    break;
                case Opcode.Nop:
                    pushes = false;
                    break;
                default:
                    reader.Position = at;
                    InstructionSkipper.Skip(ref reader);
                    break;
            }

            depth = Math.Max(0, depth - pops);
            if (pushes)
            {
                if (depth == _scanStack.Length) Array.Resize(ref _scanStack, depth * 2);
                _scanStack[depth++] = result;
            }
        }

        return reader.Position;
    }

    private static bool IsWritten(ulong written, int local) => (written & (1UL << (local & 63))) != 0;

    private ScanValue PeekScan(int depth, int fromTop) => depth - 1 - fromTop >= 0 ? _scanStack[depth - 1 - fromTop] : default;

    /// <summary>Whether the condition at <paramref name="reader"/> (and the eqz after it) will be compiled together with a br_if or if.</summary>
    private static bool FusesWithControl(WasmReader reader)
    {
        reader.ReadByte();
        while (!reader.AtEnd && reader.PeekByte() == Opcode.I32Eqz) reader.ReadByte();
        return reader.AtEnd || reader.PeekByte() is Opcode.BrIf or Opcode.If;
    }
}
