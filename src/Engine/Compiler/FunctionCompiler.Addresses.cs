using Iced.Intel;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;
using Wasmbox.Engine.Runtime;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

// Cheaper memory accesses through register locals.
//
// Folding: `local.get p; i32.const c; i32.add` stays a lazy operand, and a load or store that takes
// it as its address reaches [r14 + p + c + offset] without computing p + c first. For c below 2^31
// the access checks p + c + offset + size <= memory size in 64 bits: when that passes, p + c did not
// wrap (the memory is at most 4 GiB), so the address is the one wasm means; when it fails, an
// out-of-line path does the exact wasm computation (32-bit p + c, then the usual check), which either
// traps or — if p + c wrapped to a small address — performs the access and comes back. A negative c
// (p - k) wraps whenever p < k, so unless p >= k is known (below) the access computes the exact
// 32-bit sum in r11 and checks that, which costs what computing it into a register would.
// Any other instruction first turns the lazy addresses it could see into registers (a lea each):
// a numeric instruction those among its operands, anything that may touch the whole stack all.
//
// Checked ranges: a check of an access at register local p with end e (offset + size) proves
// p + e <= memory size until p changes, since memories never shrink; a later access at p with an
// end no greater needs no check. A region's up-front checks (FunctionCompiler.Regions.cs) also prove
// lower bounds, p >= k, which make p - k + offset exact. What is known is forgotten whenever p is
// written and at every join (loop header, else, the end of a block something branches to). A
// constant address's check proves the memory is at least so big, which covers later constant
// addresses below it. Only exact checks prove anything: a folded check's failure path continues
// after wrapping, where p + c + ... is not in bounds, so folded accesses use what is known but never
// add to it.
internal sealed partial class FunctionCompiler
{
    /// <summary>Whether the stack may hold <see cref="OperandKind.LocalPlusConstant"/> operands.</summary>
    private bool _lazyAddresses;

    /// <summary>Per local: the epoch its facts belong to, the checked end (long.MinValue: none) and a lower bound (0: none).</summary>
    private int[] _checkedEpoch = [];
    private long[] _checkedEnd = [];
    private long[] _checkedLow = [];
    private int _epoch;

    /// <summary>The largest end of a constant-address access checked in the current epoch (the memory is at least that big).</summary>
    private long _checkedConstantEnd;
    private int _checkedConstantEpoch;

    private void ResetAddressState()
    {
        if (_checkedEpoch.Length < _locals.Length)
        {
            int size = Math.Max(_locals.Length, _checkedEpoch.Length * 2);
            _checkedEpoch = new int[size];
            _checkedEnd = new long[size];
            _checkedLow = new long[size];
        }

        _lazyAddresses = false;
        ForgetCheckedRanges();
    }

    /// <summary>At a join: nothing known about any local's range any more.</summary>
    private void ForgetCheckedRanges()
    {
        _epoch++;
        if (_epoch == int.MaxValue)
        {
            Array.Clear(_checkedEpoch);
            _checkedConstantEpoch = 0;
            _epoch = 1;
        }
    }

    /// <summary>Register local <paramref name="local"/> is about to get a new value.</summary>
    private void LocalWritten(int local) => _checkedEpoch[local] = 0;

    /// <summary>Whether an earlier check in this epoch showed the memory to be at least <paramref name="end"/> bytes.</summary>
    private bool IsMemoryAtLeast(long end) => _checkedConstantEpoch == _epoch && _checkedConstantEnd >= end;

    private void RecordMemoryAtLeast(long end)
    {
        if (_checkedConstantEpoch != _epoch || end > _checkedConstantEnd) _checkedConstantEnd = end;
        _checkedConstantEpoch = _epoch;
    }

    private bool IsChecked(int local, long end) => _checkedEpoch[local] == _epoch && _checkedEnd[local] >= end;

    /// <summary>Whether register local <paramref name="local"/> is known to be at least <paramref name="low"/>.</summary>
    private bool IsAtLeast(int local, long low) => low <= 0 || (_checkedEpoch[local] == _epoch && _checkedLow[local] >= low);

    /// <summary>Makes the local's facts current (empty if they were from an older epoch).</summary>
    private void TouchFacts(int local)
    {
        if (_checkedEpoch[local] == _epoch) return;
        _checkedEpoch[local] = _epoch;
        _checkedEnd[local] = long.MinValue;
        _checkedLow[local] = 0;
    }

    private void RecordChecked(int local, long end)
    {
        TouchFacts(local);
        if (end > _checkedEnd[local]) _checkedEnd[local] = end;
    }

    private void RecordAtLeast(int local, long low)
    {
        TouchFacts(local);
        if (low > _checkedLow[local]) _checkedLow[local] = low;
    }

    /// <summary>
    /// Register local <paramref name="local"/> was just set to <paramref name="from"/> + <paramref name="constant"/>
    /// (an i32 add): when what is known about <paramref name="from"/> shows the sum did not wrap, the
    /// same range is known about the new value, shifted.
    /// </summary>
    private void DeriveCheckedRange(int local, int from, long constant)
    {
        if (_checkedEpoch[from] != _epoch) return;
        long end = _checkedEnd[from];
        long low = _checkedLow[from];

        // from + end <= memory size <= 2^32 with end > c, or from >= -c: from + c is exact.
        bool exact = constant >= 0 ? end != long.MinValue && end > constant : low >= -constant;
        if (!exact) return;
        if (end != long.MinValue) RecordChecked(local, end - constant);
        if (low + constant > 0) RecordAtLeast(local, low + constant);
    }

    /// <summary>
    /// How many operands at the top of the stack an instruction reads, for those that touch
    /// nothing deeper (lazy addresses below them may stay); -1 for anything else (blocks,
    /// branches, calls, the prefixed instructions). Loads and stores count 0: they take lazy
    /// addresses themselves.
    /// </summary>
    private static int SimpleOperandCount(byte op) => op switch
    {
        Opcode.Nop or Opcode.Drop or Opcode.LocalGet or Opcode.GlobalGet or Opcode.MemorySize => 0,
        Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const => 0,
        >= Opcode.I32Load and <= Opcode.I64Store32 => 0,
        Opcode.LocalSet or Opcode.LocalTee or Opcode.GlobalSet => 1,
        Opcode.Select or Opcode.SelectT => 3,
        Opcode.I32Eqz or Opcode.I64Eqz => 1,
        >= Opcode.I32Eq and <= Opcode.F64Ge => 2,
        >= Opcode.I32Clz and <= Opcode.I32Popcnt => 1,
        >= Opcode.I32Add and <= Opcode.I32Rotr => 2,
        >= Opcode.I64Clz and <= Opcode.I64Popcnt => 1,
        >= Opcode.I64Add and <= Opcode.I64Rotr => 2,
        >= Opcode.F32Abs and <= Opcode.F32Sqrt => 1,
        >= Opcode.F32Add and <= Opcode.F32Copysign => 2,
        >= Opcode.F64Abs and <= Opcode.F64Sqrt => 1,
        >= Opcode.F64Add and <= Opcode.F64Copysign => 2,
        >= Opcode.I32WrapI64 and <= Opcode.I64Extend32S => 1,
        _ => -1,
    };

    /// <summary>Before compiling <paramref name="op"/>: lazy addresses it could see become registers.</summary>
    private void MaterializeLazyAddressesFor(byte op)
    {
        int count = SimpleOperandCount(op);
        if (count < 0) MaterializeLazyAddresses();
        else MaterializeLazyAddressesOnTop(count);
    }

    /// <summary>Lazy addresses among the top <paramref name="count"/> operands become registers.</summary>
    private void MaterializeLazyAddressesOnTop(int count)
    {
        for (int depth = Math.Max(0, _height - count); depth < _height; depth++)
        {
            if (_stack[depth].Kind == OperandKind.LocalPlusConstant) MaterializeLazyAddress(depth);
        }
    }

    /// <summary>The value of a lazy address into <paramref name="destination"/> (the 32-bit lea wraps as i32.add does).</summary>
    private void LoadLazyAddress(Register destination, in Operand address) =>
        _e.Lea(GprWidth.Low32(destination), Mem.At(address.Register, address.Constant));

    /// <summary>Turns every lazy address on the stack into a temporary register.</summary>
    private void MaterializeLazyAddresses()
    {
        for (int depth = 0; depth < _height; depth++)
        {
            if (_stack[depth].Kind == OperandKind.LocalPlusConstant) MaterializeLazyAddress(depth);
        }

        _lazyAddresses = false;
    }

    private void MaterializeLazyAddress(int depth)
    {
        var register = Allocate(ValType.I32);
        ref var operand = ref _stack[depth];
        LoadLazyAddress(register, operand);
        operand = Operand.InRegister(ValType.I32, register);
    }

    /// <summary>i32.add of a register local and a constant: push the sum lazily.</summary>
    private bool TryPushLazyAddress()
    {
        ref var left = ref _stack[_height - 2];
        ref var right = ref _stack[_height - 1];
        if (left.Kind != OperandKind.Local || right.Kind != OperandKind.Constant) return false;
        var sum = Operand.LocalPlus(left.Register, left.Local, (int)right.Constant);
        _height -= 2;
        Push(sum);
        _lazyAddresses = true;
        return true;
    }

    /// <summary>
    /// The access of <paramref name="size"/> bytes at register local <paramref name="local"/> +
    /// <paramref name="offset"/>, checked unless an earlier check covers it. Returns the operand
    /// that reaches it. Clobbers r11 and the flags.
    /// </summary>
    private MemoryOperand CheckedLocalAccess(int local, uint offset, int size)
    {
        var address = _localRegisters[local];
        long end = (long)offset + size;
        if (end > int.MaxValue) return CheckedAccess(address, offset, size);
        if (!IsChecked(local, end))
        {
            _e.Lea(RegisterSet.ScratchGpr, Mem.At(address, end));
            _e.Cmp(RegisterSet.ScratchGpr, Memory0Size);
            _e.Jcc(ConditionCode.a, TrapLabel(TrapKind.OutOfBoundsMemoryAccess));
            RecordChecked(local, end);
        }

        return Mem.At(R14, address, 1, offset);
    }

    /// <summary>Whether a lazy address can be folded into an access with this offset and size (its displacements fit 32 bits).</summary>
    private static bool CanFold(in Operand address, uint offset, int size) => CanFold(address.Constant, offset, size);

    private static bool CanFold(long constant, uint offset, int size) =>
        constant + offset + size <= int.MaxValue && (long)offset + size <= int.MaxValue;

    /// <summary>
    /// Emits <paramref name="access"/> at the lazy address <paramref name="address"/> +
    /// <paramref name="offset"/> (see the top of this file), with its out-of-line wrap path.
    /// <paramref name="access"/> is emitted twice and must only depend on registers that hold the
    /// same values on both paths. Clobbers r11 and the flags.
    /// </summary>
    private void FoldedAccess(in Operand address, uint offset, int size, Action<MemoryOperand> access)
    {
        var local = address.Register;
        long constant = address.Constant;
        long displacement = constant + offset;
        long end = displacement + size;
        if (IsChecked(address.Local, end) && IsAtLeast(address.Local, -constant))
        {
            access(Mem.At(R14, local, 1, displacement));
            return;
        }

        var trap = TrapLabel(TrapKind.OutOfBoundsMemoryAccess);
        if (constant < 0)
        {
            // p - k may wrap: the exact wasm address, as the out-of-line path below computes it.
            _e.Lea(GprWidth.Low32(RegisterSet.ScratchGpr), Mem.At(local, constant));
            _e.Add(RegisterSet.ScratchGpr, (int)(offset + size));
            _e.Cmp(RegisterSet.ScratchGpr, Memory0Size);
            _e.Jcc(ConditionCode.a, trap);
            access(Mem.At(R14, RegisterSet.ScratchGpr, 1, -size));
            return;
        }

        var slow = _e.NewLabel();
        var done = _e.NewLabel();
        _e.Lea(RegisterSet.ScratchGpr, Mem.At(local, end));
        _e.Cmp(RegisterSet.ScratchGpr, Memory0Size);
        _e.Jcc(ConditionCode.a, slow);
        access(Mem.At(R14, local, 1, displacement));
        _e.Bind(done);

        _deferred.Add(() =>
        {
            // The exact wasm address: the i32 sum wraps, then the offset is added in 64 bits.
            _e.Bind(slow);
            _e.Lea(GprWidth.Low32(RegisterSet.ScratchGpr), Mem.At(local, constant));
            _e.Add(RegisterSet.ScratchGpr, (int)(offset + size));
            _e.Cmp(RegisterSet.ScratchGpr, Memory0Size);
            _e.Jcc(ConditionCode.a, trap);
            access(Mem.At(R14, RegisterSet.ScratchGpr, 1, -size));
            _e.Jmp(done);
        });
    }
}
