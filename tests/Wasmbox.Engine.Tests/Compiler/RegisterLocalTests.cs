using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Runtime.Native;
using Wasmbox.Engine.Validation;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Compiler;

/// <summary>
/// The JIT's register locals and what builds on them: lazy local.get references, results computed
/// in place into the local a local.set writes, locals kept across calls (wasm, host, runtime
/// helpers) and traps, folded local + constant addresses with their wrap-around path, checks
/// skipped for ranges already checked, and comparisons fused with br_if, if and select. The
/// functions use their locals often enough (or inside loops) that the weighting gives them registers.
/// </summary>
public class RegisterLocalTests
{
    private const byte I32 = 0x7F;
    private const byte I64 = 0x7E;
    private const byte F64 = 0x7C;
    private const int Page = LinearMemory.PageSize;

    // ---- lazy references and local.set ----

    [Fact]
    public void ALocalReadThenSetBeforeTheReadIsUsedKeepsTheOldValue()
    {
        var m = new TestModule();

        // p + 5, the p read before p = 5: (local.get 0) (local.set 0 (i32.const 5)) (i32.add (local.get 0))
        m.Function("old_plus_new", [I32], [I32], [], [.. Get(0), .. I32Const(5), .. Set(0), .. Get(0), Opcode.I32Add]);

        // p * (p + 1) through a tee: the first read must not see the tee's write.
        m.Function("tee", [I32], [I32], [], [.. Get(0), .. Get(0), .. I32Const(1), Opcode.I32Add, .. Tee(0), Opcode.I32Mul]);

        // p - (p - 1) computed in place into p while the old p is still on the stack: always 1.
        m.Function("in_place", [I32], [I32], [], [.. Get(0), .. Get(0), .. I32Const(1), Opcode.I32Sub, .. Set(0), .. Get(0), Opcode.I32Sub]);

        // p = q - p (not commutative, the target on the right), returned twice over: 2 * (q - p).
        m.Function("sub_into_right", [I32, I32], [I32], [], [.. Get(1), .. Get(0), Opcode.I32Sub, .. Set(0), .. Get(0), .. Get(0), Opcode.I32Add]);

        // (p + 8) read lazily as an address-like value, then p written, then the sum used: old p + 8.
        m.Function("lazy_sum", [I32], [I32], [], [.. Get(0), .. I32Const(8), Opcode.I32Add, .. I32Const(100), .. Set(0), .. Get(0), Opcode.I32Add]);

        // A float local: x read, x = x * 3 in place, old x + new x = 4x.
        m.Function("float", [F64], [F64], [], [.. Get(0), .. Get(0), .. F64Const(3), Opcode.F64Mul, .. Set(0), .. Get(0), Opcode.F64Add]);
        using var instance = m.Instantiate();

        Assert.Equal(12ul, instance.Invoke("old_plus_new", 7)[0]);
        Assert.Equal(42ul, instance.Invoke("tee", 6)[0]);
        Assert.Equal(1ul, instance.Invoke("in_place", 1234)[0]);
        Assert.Equal(1ul, instance.Invoke("in_place", 0)[0]);
        Assert.Equal(10ul, instance.Invoke("sub_into_right", 3, 8)[0]);
        Assert.Equal(0xFFFF_FFFEul, instance.Invoke("sub_into_right", 8, 7)[0]);
        Assert.Equal(115ul, instance.Invoke("lazy_sum", 7)[0]);
        Assert.Equal(10.0, BitConverter.UInt64BitsToDouble(instance.Invoke("float", BitConverter.DoubleToUInt64Bits(2.5))[0]));
    }

    [Fact]
    public void I32LocalsStayZeroExtendedThroughLeaAndWrappingArithmetic()
    {
        var m = new TestModule();

        // (p + 0x7FFFFFFF) + (p - 1) as i32, then widened: the upper half must be zero.
        m.Function("wrap", [I32], [I64], [I32], [
            .. Get(0), .. I32Const(int.MaxValue), Opcode.I32Add, .. Set(1),
            .. Get(0), .. I32Const(1), Opcode.I32Sub, .. Get(1), Opcode.I32Add, Opcode.I64ExtendI32U]);
        using var instance = m.Instantiate();

        Assert.Equal((ulong)unchecked(0u + 0x7FFFFFFFu + 0xFFFFFFFFu), instance.Invoke("wrap", 0)[0]);
        Assert.Equal((ulong)unchecked(0xFFFFFFFFu + 0x7FFFFFFFu + 0xFFFFFFFEu), instance.Invoke("wrap", 0xFFFFFFFF)[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(45)]
    public void RotatesOfRegisterLocalsByConstants(int count)
    {
        var m = new TestModule();

        // rotl(p, k) ^ rotr(p, k), into a fresh register and in place into another local, and the same for i64.
        m.Function("i32", [I32], [I32], [I32], [
            .. Get(0), .. I32Const(count), Opcode.I32Rotl, .. Get(0), .. I32Const(count), Opcode.I32Rotr, Opcode.I32Xor,
            .. Get(0), .. I32Const(count), Opcode.I32Rotl, .. Set(1), .. Get(1), Opcode.I32Add,
            .. Get(1), .. I32Const(count), Opcode.I32Rotr, .. Set(1), .. Get(1), Opcode.I32Add]);
        m.Function("i64", [I64], [I64], [I64], [
            .. Get(0), Opcode.I64Const, .. S64(count), Opcode.I64Rotl, .. Get(0), Opcode.I64Const, .. S64(count), Opcode.I64Rotr, Opcode.I64Xor,
            .. Get(0), Opcode.I64Const, .. S64(count), Opcode.I64Rotl, .. Set(1), .. Get(1), Opcode.I64Add,
            .. Get(1), Opcode.I64Const, .. S64(count), Opcode.I64Rotr, .. Set(1), .. Get(1), Opcode.I64Add]);
        using var instance = m.Instantiate();

        foreach (uint p in new uint[] { 0x8000_0001, 0x1234_5678, 0xFFFF_FFFF, 0 })
        {
            uint expected = unchecked((System.Numerics.BitOperations.RotateLeft(p, count) ^ System.Numerics.BitOperations.RotateRight(p, count))
                + System.Numerics.BitOperations.RotateLeft(p, count) + p);
            Assert.Equal(expected, instance.Invoke("i32", p)[0]);
        }

        foreach (ulong p in new ulong[] { 0x8000_0000_0000_0001, 0x1234_5678_9ABC_DEF0, ulong.MaxValue })
        {
            ulong expected = unchecked((System.Numerics.BitOperations.RotateLeft(p, count) ^ System.Numerics.BitOperations.RotateRight(p, count))
                + System.Numerics.BitOperations.RotateLeft(p, count) + p);
            Assert.Equal(expected, instance.Invoke("i64", p)[0]);
        }
    }

    // ---- across calls and traps ----

    /// <summary>
    /// A loop that keeps eight i32 locals and four f64 locals busy (more than the callee-saved
    /// registers, so some live in temporaries), then a call, then a sum of all of them.
    /// </summary>
    private static byte[] BusyLocalsThenCall(byte[] call)
    {
        var code = new List<byte>();

        // for (i = 0; i != 10; i++) { l1 += i; l2 += l1; ... l7 += l6; d0 += 1.5; d1 += d0; d2 += d1; d3 += d2 }
        code.AddRange([Opcode.Loop, 0x40]);
        for (int l = 1; l <= 7; l++) code.AddRange([.. Get(l), .. Get(l - 1), Opcode.I32Add, .. Set(l)]);
        code.AddRange([.. Get(8), .. F64Const(1.5), Opcode.F64Add, .. Set(8)]);
        for (int d = 9; d <= 11; d++) code.AddRange([.. Get(d), .. Get(d - 1), Opcode.F64Add, .. Set(d)]);
        code.AddRange([.. Get(0), .. I32Const(1), Opcode.I32Add, .. Tee(0), .. I32Const(10), Opcode.I32Ne, Opcode.BrIf, 0x00, Opcode.End]);

        code.AddRange(call);

        // result = call's i32 + l0 + ... + l7 + trunc(d0 + d1 + d2 + d3)
        for (int l = 0; l <= 7; l++) code.AddRange([.. Get(l), Opcode.I32Add]);
        code.AddRange([.. Get(8), .. Get(9), Opcode.F64Add, .. Get(10), Opcode.F64Add, .. Get(11), Opcode.F64Add, Opcode.I32TruncF64S, Opcode.I32Add]);
        return [.. code];
    }

    private static readonly byte[] BusyLocals = [I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, F64];

    /// <summary>What <see cref="BusyLocalsThenCall"/> returns besides the call's value.</summary>
    private static uint BusyLocalsSum()
    {
        var l = new uint[8];
        var d = new double[4];
        for (l[0] = 0; ;)
        {
            for (int k = 1; k <= 7; k++) l[k] += l[k - 1];
            d[0] += 1.5;
            for (int k = 1; k <= 3; k++) d[k] += d[k - 1];
            if (++l[0] == 10) break;
        }

        uint sum = 0;
        foreach (var v in l) sum += v;
        return sum + (uint)(int)(d[0] + d[1] + d[2] + d[3]);
    }

    /// <summary>A function that uses every temporary: the sum of products of its argument with many constants, all live at once.</summary>
    private static byte[] ClobbersTemporaries()
    {
        var code = new List<byte>();
        for (int k = 1; k <= 9; k++) code.AddRange([.. Get(0), .. I32Const(k), Opcode.I32Mul]);
        for (int k = 1; k <= 7; k++) code.AddRange([.. F64Const(k), .. F64Const(k + 0.5), Opcode.F64Mul]);
        for (int k = 1; k < 7; k++) code.Add(Opcode.F64Add);
        code.AddRange([Opcode.I32TruncF64S]);
        for (int k = 1; k <= 9; k++) code.Add(Opcode.I32Add);
        return [.. code];
    }

    [Fact]
    public void RegisterLocalsSurviveCallsToWasmFunctions()
    {
        var m = new TestModule();
        uint clobber = m.Function(null, [I32], [I32], [], ClobbersTemporaries());
        m.Function("busy", [], [I32], BusyLocals, BusyLocalsThenCall([.. I32Const(2), Opcode.Call, .. U32(clobber)]));
        using var instance = m.Instantiate();

        uint clobbered = 0;
        for (uint k = 1; k <= 9; k++) clobbered += 2 * k;
        double floats = 0;
        for (int k = 1; k <= 7; k++) floats += k * (k + 0.5);
        clobbered += (uint)(int)floats;
        Assert.Equal(BusyLocalsSum() + clobbered, (uint)instance.Invoke("busy")[0]);
    }

    [Fact]
    public void RegisterLocalsSurviveHostCallsAndRuntimeHelpers()
    {
        // The host function does float work of its own; memory.grow and memory.fill call into the runtime and libc.
        using var host = new HostFunction(new FuncType([ValType.I32], [ValType.I32]), (args, results) =>
        {
            double x = 0;
            var v = new double[64];
            for (int i = 0; i < v.Length; i++) v[i] = Math.Sqrt(i + (double)args[0]);
            foreach (var e in v) x += e * 1.25;
            results[0] = (ulong)(int)(x / 1000);
        });
        var m = new TestModule();
        m.Memory(1, 4);
        uint import = m.Import("env", "h", [I32], [I32]);
        m.Function("host", [], [I32], BusyLocals, BusyLocalsThenCall([.. I32Const(3), Opcode.Call, .. U32(import), Opcode.Drop, .. I32Const(0)]));
        m.Function("grow", [], [I32], BusyLocals, BusyLocalsThenCall([.. I32Const(1), Opcode.MemoryGrow, 0x00]));
        m.Function("fill", [], [I32], BusyLocals, BusyLocalsThenCall([.. I32Const(0), .. I32Const(0x55), .. I32Const(4096), 0xFC, .. U32(MiscOpcode.MemoryFill), 0x00, .. I32Const(0)]));
        using var instance = m.Instantiate(("h", host));

        Assert.Equal(BusyLocalsSum(), (uint)instance.Invoke("host")[0]);
        Assert.Equal(BusyLocalsSum() + 1, (uint)instance.Invoke("grow")[0]);
        Assert.Equal(BusyLocalsSum() + 2, (uint)instance.Invoke("grow")[0]);
        Assert.Equal(BusyLocalsSum(), (uint)instance.Invoke("fill")[0]);
    }

    [Fact]
    public void ATrapInAFunctionWithRegisterLocalsLeavesTheCallerIntact()
    {
        var m = new TestModule();
        m.Memory(1, 1);
        // fails(p) = p + [p], with p = [0], written by set.
        uint fails = m.Function("fails", [I32], [I32], [], [.. Get(0), .. Get(0), Opcode.I32Load, 0x02, 0x00, Opcode.I32Add]);
        m.Function("set", [I32], [], [], [.. I32Const(0), .. Get(0), Opcode.I32Store, 0x02, 0x00]);
        m.Function("busy", [], [I32], BusyLocals, BusyLocalsThenCall([.. I32Const(0), Opcode.I32Load, 0x02, 0x00, Opcode.Call, .. U32(fails)]));
        using var instance = m.Instantiate();

        for (int round = 0; round < 3; round++)
        {
            instance.Invoke("set", Page);
            Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(() => instance.Invoke("busy")).Kind);
            instance.Invoke("set", 4);
            Assert.Equal(BusyLocalsSum() + 4, (uint)instance.Invoke("busy")[0]);
        }
    }

    // ---- addresses ----

    [Fact]
    public void AFoldedLocalPlusConstantAddressWrapsLikeWasm()
    {
        var m = new TestModule();
        m.Memory(1, 1);
        m.Data(0, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);

        // load8_u offset=o (p + c) and store8 offset=o (p + c) v, p used twice to make it a register local.
        m.Function("load", [I32], [I32], [], [.. Get(0), .. Get(0), .. I32Const(1), Opcode.I32Add, Opcode.I32Load8U, 0x00, 0x02, Opcode.I32Add]);
        m.Function("store", [I32, I32], [], [], [.. Get(0), .. I32Const(0x10), Opcode.I32Add, .. Get(1), Opcode.I32Store8, 0x00, 0x00, .. Get(0), .. Get(1), Opcode.I32Store8, 0x00, 0x20]);
        m.Function("read", [I32], [I32], [], [.. Get(0), Opcode.I32Load8U, 0x00, 0x00]);
        using var instance = m.Instantiate();

        // p + 1, then offset 2: p = 0 reads byte 3; p = 0xFFFFFFFF wraps p + 1 to 0 and reads byte 2;
        // p = 0xFFFFFFFE makes p + 1 the last i32 and the offset takes it past 4 GiB.
        Assert.Equal(4ul, instance.Invoke("load", 0)[0]);
        Assert.Equal(unchecked((ulong)(uint)(0xFFFFFFFF + 3)), instance.Invoke("load", 0xFFFFFFFF)[0]);
        AssertTraps(() => instance.Invoke("load", 0xFFFFFFFE));
        AssertTraps(() => instance.Invoke("load", 0xFFFFFFFD));
        AssertTraps(() => instance.Invoke("load", Page - 3));
        Assert.Equal((ulong)(Page - 4), instance.Invoke("load", Page - 4)[0]);

        // p = 0xFFFFFFF8: p + 0x10 wraps to 8, but p + 0x20 as an offset does not (p + offset is 64-bit): the second store traps.
        AssertTraps(() => instance.Invoke("store", 0xFFFFFFF8, 0x77));
        Assert.Equal(0x77ul, instance.Invoke("read", 8)[0]);
        instance.Invoke("store", 0x100, 0x66);
        Assert.Equal(0x66ul, instance.Invoke("read", 0x110)[0]);
        Assert.Equal(0x66ul, instance.Invoke("read", 0x120)[0]);
    }

    [Fact]
    public void NegativeConstantsWrapBelowZero()
    {
        var m = new TestModule();
        m.Memory(1, 1);
        m.Data(0, [1, 2, 3, 4, 5, 6, 7, 8]);

        // p + [(p - 1) offset 2] as bytes: p = 1 reads byte 2 (3); p = 0 wraps p - 1 to 0xFFFFFFFF and traps.
        m.Function("load", [I32], [I32], [], [.. Get(0), .. Get(0), .. I32Const(-1), Opcode.I32Add, Opcode.I32Load8U, 0x00, 0x02, Opcode.I32Add]);

        // Summing backwards in a loop: s += [p - 1] + [p - 2] + [p - 3] + [p - 4]; p -= 4 while p != stop.
        m.Function("sum", [I32, I32], [I32], [I32], [
            Opcode.Loop, 0x40,
            .. Get(2),
            .. Get(0), .. I32Const(-1), Opcode.I32Add, Opcode.I32Load8U, 0x00, 0x00, Opcode.I32Add,
            .. Get(0), .. I32Const(-2), Opcode.I32Add, Opcode.I32Load8U, 0x00, 0x00, Opcode.I32Add,
            .. Get(0), .. I32Const(-3), Opcode.I32Add, Opcode.I32Load8U, 0x00, 0x00, Opcode.I32Add,
            .. Get(0), .. I32Const(-4), Opcode.I32Add, Opcode.I32Load8U, 0x00, 0x00, Opcode.I32Add, .. Set(2),
            .. Get(0), .. I32Const(-4), Opcode.I32Add, .. Tee(0), .. Get(1), Opcode.I32Ne, Opcode.BrIf, 0x00,
            Opcode.End, .. Get(2)]);
        using var instance = m.Instantiate();

        Assert.Equal(1ul + 3, instance.Invoke("load", 1)[0]);
        Assert.Equal(5ul + 7, instance.Invoke("load", 5)[0]);
        AssertTraps(() => instance.Invoke("load", 0));
        Assert.Equal(36ul, instance.Invoke("sum", 8, 0)[0]);
        Assert.Equal(26ul, instance.Invoke("sum", 8, 4)[0]);

        // From p = 6 the second round reads p - 1 = 1, p - 2 = 0, then p - 3 = 0xFFFFFFFF traps.
        AssertTraps(() => instance.Invoke("sum", 6, 0xFFFF_FFFE));
    }

    [Fact]
    public void ALocalSetToAnotherPlusAConstantInheritsItsCheckedRange()
    {
        var m = new TestModule();
        m.Memory(1, 1);
        m.Data(0, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);

        // do { q = p + 8; s += [q] + [q - 7] + [p]; [q - 6] = s + 1; p += 1 } while (p != stop), bytes.
        m.Function("walk", [I32, I32], [I32], [I32, I32], [
            Opcode.Loop, 0x40,
            .. Get(0), .. I32Const(8), Opcode.I32Add, .. Tee(3), Opcode.I32Load8U, 0x00, 0x00,
            .. Get(3), .. I32Const(-7), Opcode.I32Add, Opcode.I32Load8U, 0x00, 0x00, Opcode.I32Add,
            .. Get(0), Opcode.I32Load8U, 0x00, 0x00, Opcode.I32Add, .. Get(2), Opcode.I32Add, .. Set(2),
            .. Get(3), .. I32Const(-6), Opcode.I32Add, .. Get(2), .. I32Const(1), Opcode.I32Add, Opcode.I32Store8, 0x00, 0x00,
            .. Get(0), .. I32Const(1), Opcode.I32Add, .. Tee(0), .. Get(1), Opcode.I32Ne, Opcode.BrIf, 0x00,
            Opcode.End, .. Get(2)]);
        m.Function("read", [I32], [I32], [], [.. Get(0), Opcode.I32Load8U, 0x00, 0x00]);
        using var instance = m.Instantiate();

        // p = 0: [8] + [1] + [0] = 9 + 2 + 1 = 12, 13 stored at 2; p = 1: 12 + [9] + [2] + [1] = 12 + 10 + 13 + 2 = 37.
        Assert.Equal(37ul, instance.Invoke("walk", 0, 2)[0]);
        Assert.Equal(13ul, instance.Invoke("read", 2)[0]);
        Assert.Equal(38ul, instance.Invoke("read", 3)[0]);

        // Near the end: p = Page - 9 reads [Page - 1] and stores at Page - 7, then p = Page - 8 traps
        // at [Page] before its store at Page - 6.
        AssertTraps(() => instance.Invoke("walk", Page - 9, 0));
        Assert.Equal(1ul, instance.Invoke("read", Page - 7)[0]);
        Assert.Equal(0ul, instance.Invoke("read", Page - 6)[0]);

        // From p = 0xFFFFFFF8, q = p + 8 wraps to 0 and q - 7 to 0xFFFFFFF9: a trap, nothing stored.
        AssertTraps(() => instance.Invoke("walk", 0xFFFFFFF8, 0));
    }

    [Fact]
    public void ALazyAddressKeepsItsValueWhileOtherCodeRuns()
    {
        var m = new TestModule();
        m.Memory(1, 1);

        // store [p + 4] = (p = p + 100): the address is taken before p changes in place.
        m.Function("changed", [I32], [], [], [
            .. Get(0), .. I32Const(4), Opcode.I32Add,
            .. Get(0), .. I32Const(100), Opcode.I32Add, .. Set(0),
            .. Get(0), Opcode.I32Store, 0x02, 0x00]);

        // store [p + 8] = q << 3, with shifts, compares and a select between address and store.
        m.Function("busy", [I32, I32], [], [], [
            .. Get(0), .. I32Const(8), Opcode.I32Add,
            .. Get(1), .. I32Const(3), Opcode.I32Shl, .. Get(1), .. Get(1), .. Get(0), Opcode.I32LtU, Opcode.Select,
            Opcode.I32Store, 0x02, 0x00]);

        // The lazy address itself as a value: stored, compared, and carried out of a block.
        m.Function("value", [I32], [I32], [], [
            .. Get(0), .. Get(0), .. I32Const(12), Opcode.I32Add, Opcode.I32Store, 0x02, 0x00,
            Opcode.Block, I32, .. Get(0), .. I32Const(12), Opcode.I32Add, .. Get(0), Opcode.BrIf, 0x00, Opcode.Drop, .. I32Const(7), Opcode.End]);
        m.Function("read", [I32], [I32], [], [.. Get(0), Opcode.I32Load, 0x02, 0x00]);
        using var instance = m.Instantiate();

        instance.Invoke("changed", 40);
        Assert.Equal(140ul, instance.Invoke("read", 44)[0]);
        instance.Invoke("busy", 100, 5);
        Assert.Equal(40ul, instance.Invoke("read", 108)[0]);
        Assert.Equal(212ul, instance.Invoke("value", 200)[0]);
        Assert.Equal(212ul, instance.Invoke("read", 200)[0]);
        Assert.Equal(7ul, instance.Invoke("value", 0)[0]);
    }

    [Fact]
    public void ACheckedRangeIsForgottenAtJoinsAndWhenTheLocalChanges()
    {
        var m = new TestModule();
        m.Memory(1, 1);

        // if (f) load [p]; load [p]: with f = 0 the second load is the only check.
        m.Function("join", [I32, I32], [I32], [], [
            .. Get(1), Opcode.If, 0x40, .. Get(0), Opcode.I32Load, 0x02, 0x00, Opcode.Drop, Opcode.End,
            .. Get(0), Opcode.I32Load, 0x02, 0x00]);

        // load [p]; p = p + q; load [p]: the second load has to be checked again.
        m.Function("changed", [I32, I32], [I32], [], [
            .. Get(0), Opcode.I32Load, 0x02, 0x00,
            .. Get(0), .. Get(1), Opcode.I32Add, .. Set(0),
            .. Get(0), Opcode.I32Load, 0x02, 0x00, Opcode.I32Add]);

        // load [p] offset 8 then load [p] offset 0 (covered) then store [p] offset 12 (not covered).
        m.Function("covered", [I32], [], [], [
            .. Get(0), .. Get(0), Opcode.I32Load, 0x02, 0x08, .. Get(0), Opcode.I32Load, 0x02, 0x00, Opcode.I32Add, Opcode.I32Store, 0x02, 0x0C]);

        // A loop walking p up past the end: each iteration's p is new.
        m.Function("loop", [I32], [I32], [I32], [
            Opcode.Loop, 0x40,
            .. Get(0), Opcode.I32Load8U, 0x00, 0x00, .. Get(1), Opcode.I32Add, .. Set(1),
            .. Get(0), .. I32Const(4), Opcode.I32Add, .. Tee(0), .. I32Const(Page + 64), Opcode.I32LtU, Opcode.BrIf, 0x00,
            Opcode.End, .. Get(1)]);
        // if (f) load [Page + 100]; load [Page - 2] (constants): the second check is needed when f = 0.
        m.Function("constants", [I32], [I32], [], [
            .. Get(0), Opcode.If, 0x40, .. I32Const(Page + 100), Opcode.I32Load, 0x02, 0x00, Opcode.Drop, Opcode.End,
            .. I32Const(Page - 8), Opcode.I32Load, 0x02, 0x00, .. I32Const(Page - 2), Opcode.I32Load, 0x02, 0x00, Opcode.I32Add]);
        using var instance = m.Instantiate();

        AssertTraps(() => instance.Invoke("constants", 1));
        AssertTraps(() => instance.Invoke("constants", 0));
        Assert.Equal(0ul, instance.Invoke("join", 16, 1)[0]);
        Assert.Equal(0ul, instance.Invoke("join", 16, 0)[0]);
        AssertTraps(() => instance.Invoke("join", Page - 2, 0));
        AssertTraps(() => instance.Invoke("join", Page - 2, 1));
        Assert.Equal(0ul, instance.Invoke("changed", 0, 16)[0]);
        AssertTraps(() => instance.Invoke("changed", 0, Page - 2));
        instance.Invoke("covered", 16);
        AssertTraps(() => instance.Invoke("covered", Page - 12));
        AssertTraps(() => instance.Invoke("loop", Page - 64));
    }

    [Fact]
    public void ALoopBodyCheckedOnceStillTrapsAtTheRightAccess()
    {
        var m = new TestModule();
        m.Memory(1, 1);

        // do { [p] = 1; [p+1] = 2; [p+2] = 3; [p+3] = 4; s += [p+1] + [p+3]; p += 4 } while (--n): returns s.
        m.Function("fill", [I32, I32], [I32], [I32], [
            Opcode.Loop, 0x40,
            .. Get(0), .. I32Const(1), Opcode.I32Store8, 0x00, 0x00,
            .. Get(0), .. I32Const(1), Opcode.I32Add, .. I32Const(2), Opcode.I32Store8, 0x00, 0x00,
            .. Get(0), .. I32Const(2), Opcode.I32Add, .. I32Const(3), Opcode.I32Store8, 0x00, 0x00,
            .. Get(0), .. I32Const(3), Opcode.I32Add, .. I32Const(4), Opcode.I32Store8, 0x00, 0x00,
            .. Get(2), .. Get(0), .. I32Const(1), Opcode.I32Add, Opcode.I32Load8U, 0x00, 0x00, Opcode.I32Add,
            .. Get(0), Opcode.I32Load8U, 0x00, 0x03, Opcode.I32Add, .. Set(2),
            .. Get(0), .. I32Const(4), Opcode.I32Add, .. Set(0),
            .. Get(1), .. I32Const(1), Opcode.I32Sub, .. Tee(1), Opcode.BrIf, 0x00,
            Opcode.End, .. Get(2)]);

        // do { [100] = [200] + [Page - 16]; [200] = [100] + 1; [p] } while (--n), all constant addresses but p.
        m.Function("constants", [I32, I32], [I32], [], [
            Opcode.Loop, 0x40,
            .. I32Const(100), .. I32Const(200), Opcode.I32Load, 0x02, 0x00, .. I32Const(Page - 16), Opcode.I32Load, 0x02, 0x00, Opcode.I32Add, Opcode.I32Store, 0x02, 0x00,
            .. I32Const(200), .. I32Const(100), Opcode.I32Load, 0x02, 0x00, .. I32Const(1), Opcode.I32Add, Opcode.I32Store, 0x02, 0x00,
            .. Get(0), Opcode.I32Load, 0x02, 0x00, Opcode.Drop,
            .. Get(1), .. I32Const(1), Opcode.I32Sub, .. Tee(1), Opcode.BrIf, 0x00,
            Opcode.End, .. I32Const(200), Opcode.I32Load, 0x02, 0x00]);
        m.Function("read", [I32], [I32], [], [.. Get(0), Opcode.I32Load8U, 0x00, 0x00]);
        using var instance = m.Instantiate();

        Assert.Equal(30ul, instance.Invoke("fill", 64, 5)[0]);
        Assert.Equal(4ul, instance.Invoke("read", 64 + 19)[0]);

        // The second iteration runs past the end after its second store: the first two happened.
        AssertTraps(() => instance.Invoke("fill", Page - 6, 2));
        Assert.Equal(4ul, instance.Invoke("read", Page - 3)[0]);
        Assert.Equal(1ul, instance.Invoke("read", Page - 2)[0]);
        Assert.Equal(2ul, instance.Invoke("read", Page - 1)[0]);

        Assert.Equal(3ul, instance.Invoke("constants", 0, 3)[0]);
        AssertTraps(() => instance.Invoke("constants", Page, 3));
        // The trapping call got through its first iteration's stores: [200] was 4 before this one.
        Assert.Equal(5ul, instance.Invoke("constants", 0, 1)[0]);
    }

    // ---- fused conditions ----

    [Fact]
    public void ComparisonsFuseWithBranchesIfsAndSelectsThroughEqzChains()
    {
        var m = new TestModule();

        // br_if on eqz(eqz(a <s b)) returns 1, else 2.
        m.Function("br_if", [I32, I32], [I32], [], [
            Opcode.Block, 0x40, .. Get(0), .. Get(1), Opcode.I32LtS, Opcode.I32Eqz, Opcode.I32Eqz, Opcode.BrIf, 0x00,
            .. I32Const(2), Opcode.Return, Opcode.End, .. I32Const(1)]);

        // if (5 <u a) 10 else 20: a constant on the left.
        m.Function("if", [I32], [I32], [], [.. I32Const(5), .. Get(0), Opcode.I32LtU, Opcode.If, I32, .. I32Const(10), Opcode.Else, .. I32Const(20), Opcode.End]);

        // select(a, b, eqz(a >=u b)) for i64 values: the smaller one.
        m.Function("select", [I64, I64], [I64], [], [.. Get(0), .. Get(1), .. Get(0), .. Get(1), Opcode.I64GeU, Opcode.I32Eqz, Opcode.Select]);

        // f64: select(1, 0, a < b) as i32, and a >= b materialized: NaN makes both false.
        m.Function("flt", [F64, F64], [I32], [], [.. I32Const(1), .. I32Const(0), .. Get(0), .. Get(1), Opcode.F64Lt, Opcode.Select]);
        m.Function("fge", [F64, F64], [I32], [], [.. Get(0), .. Get(1), Opcode.F64Ge]);
        m.Function("fnge", [F64, F64], [I32], [], [.. Get(0), .. Get(1), Opcode.F64Ge, Opcode.I32Eqz]);
        using var instance = m.Instantiate();

        Assert.Equal(1ul, instance.Invoke("br_if", unchecked((ulong)(uint)-3), 2)[0]);
        Assert.Equal(2ul, instance.Invoke("br_if", 2, 2)[0]);
        Assert.Equal(10ul, instance.Invoke("if", 6)[0]);
        Assert.Equal(20ul, instance.Invoke("if", 5)[0]);
        Assert.Equal(3ul, instance.Invoke("select", 3, ulong.MaxValue)[0]);
        Assert.Equal(3ul, instance.Invoke("select", ulong.MaxValue, 3)[0]);
        ulong nan = BitConverter.DoubleToUInt64Bits(double.NaN), one = BitConverter.DoubleToUInt64Bits(1), two = BitConverter.DoubleToUInt64Bits(2);
        Assert.Equal(1ul, instance.Invoke("flt", one, two)[0]);
        Assert.Equal(0ul, instance.Invoke("flt", two, one)[0]);
        Assert.Equal(0ul, instance.Invoke("flt", nan, one)[0]);
        Assert.Equal(1ul, instance.Invoke("fge", two, two)[0]);
        Assert.Equal(0ul, instance.Invoke("fge", nan, two)[0]);
        Assert.Equal(1ul, instance.Invoke("fnge", nan, two)[0]);
        Assert.Equal(0ul, instance.Invoke("fnge", two, one)[0]);
    }

    // ---- helpers ----

    private static void AssertTraps(Action action) =>
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(action).Kind);

    private static byte[] Get(int local) => [Opcode.LocalGet, .. U32((uint)local)];

    private static byte[] Set(int local) => [Opcode.LocalSet, .. U32((uint)local)];

    private static byte[] Tee(int local) => [Opcode.LocalTee, .. U32((uint)local)];

    private static byte[] I32Const(int value) => [Opcode.I32Const, .. S64(value)];

    private static byte[] F64Const(double value) => [Opcode.F64Const, .. BitConverter.GetBytes(value)];

    /// <summary>Functions (each with its own type), function imports, one optional memory and data, assembled for these tests.</summary>
    private sealed class TestModule
    {
        private readonly List<byte[]> _types = [];
        private readonly List<byte[]> _imports = [];
        private readonly List<byte[]> _functions = [];
        private readonly List<byte[]> _exports = [];
        private readonly List<byte[]> _codes = [];
        private readonly List<byte[]> _data = [];
        private byte[]? _memory;

        public void Memory(uint min, uint max) => _memory = [0x01, .. U32(min), .. U32(max)];

        public void Data(uint offset, byte[] bytes) =>
            _data.Add([0x00, .. I32Const((int)offset), Opcode.End, .. U32((uint)bytes.Length), .. bytes]);

        /// <summary>Imports a function (all imports come before the first defined function); returns its index.</summary>
        public uint Import(string module, string name, byte[] parameters, byte[] results)
        {
            if (_functions.Count > 0) throw new InvalidOperationException("imports first");
            _imports.Add([.. Name(module), .. Name(name), 0x00, .. U32(AddType(parameters, results))]);
            return (uint)_imports.Count - 1;
        }

        /// <summary>Defines a function, exported under <paramref name="export"/> unless null; returns its index.</summary>
        public uint Function(string? export, byte[] parameters, byte[] results, byte[] locals, byte[] code)
        {
            uint index = (uint)(_imports.Count + _functions.Count);
            _functions.Add(U32(AddType(parameters, results)));
            if (export is not null) _exports.Add([.. Name(export), 0x00, .. U32(index)]);
            byte[] declared = [.. U32((uint)locals.Length), .. locals.SelectMany(t => new byte[] { 0x01, t })];
            byte[] content = [.. declared, .. code, Opcode.End];
            _codes.Add([.. U32((uint)content.Length), .. content]);
            return index;
        }

        private uint AddType(byte[] parameters, byte[] results)
        {
            _types.Add([0x60, .. U32((uint)parameters.Length), .. parameters, .. U32((uint)results.Length), .. results]);
            return (uint)_types.Count - 1;
        }

        public Instance Instantiate(params (string Name, object Value)[] imports)
        {
            var sections = new List<byte[]> { Section(1, Vec([.. _types])) };
            if (_imports.Count > 0) sections.Add(Section(2, Vec([.. _imports])));
            sections.Add(Section(3, Vec([.. _functions])));
            if (_memory is not null) sections.Add(Section(5, Vec(_memory)));
            sections.Add(Section(7, Vec([.. _exports])));
            sections.Add(Section(10, Vec([.. _codes])));
            if (_data.Count > 0) sections.Add(Section(11, Vec([.. _data])));
            var validated = ModuleValidator.Validate(ModuleDecoder.Decode(Module([.. sections])));
            return new Instance(validated, new Imports(imports));
        }

        private sealed class Imports((string Name, object Value)[] entries) : IImportResolver
        {
            public object? Resolve(Import import) => entries.FirstOrDefault(e => e.Name == import.Name).Value;
        }
    }
}
