using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Runtime.Native;
using Wasmbox.Engine.Validation;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Compiler;

/// <summary>
/// Linear memory on the JIT: bounds checks at the edge and near 4 GiB, memory.size/grow, the bulk
/// instructions and data segments at instantiation.
/// </summary>
public class MemoryTests
{
    private const byte I32 = 0x7F;
    private const byte I64 = 0x7E;
    private const byte F32 = 0x7D;
    private const byte F64 = 0x7C;
    private const int Page = LinearMemory.PageSize;

    // ---- loads and stores at the edge ----

    public static TheoryData<byte, int, byte> Loads() => new()
    {
        { Opcode.I32Load, 4, I32 }, { Opcode.I64Load, 8, I64 }, { Opcode.F32Load, 4, F32 }, { Opcode.F64Load, 8, F64 },
        { Opcode.I32Load8S, 1, I32 }, { Opcode.I32Load8U, 1, I32 }, { Opcode.I32Load16S, 2, I32 }, { Opcode.I32Load16U, 2, I32 },
        { Opcode.I64Load8S, 1, I64 }, { Opcode.I64Load8U, 1, I64 }, { Opcode.I64Load16S, 2, I64 }, { Opcode.I64Load16U, 2, I64 },
        { Opcode.I64Load32S, 4, I64 }, { Opcode.I64Load32U, 4, I64 },
    };

    [Theory]
    [MemberData(nameof(Loads))]
    public void LoadReachesTheLastByteAndTrapsOnePast(byte op, int size, byte result)
    {
        // load(address) with a register address, and with the address folded into a constant.
        var module = new MemoryModule(1, 1);
        module.Function("load", [I32], [result], [0x20, 0x00, op, 0x00, 0x00]);
        module.Function("last", [], [result], [.. I32Const(Page - size), op, 0x00, 0x00]);
        module.Function("past", [], [result], [.. I32Const(Page - size + 1), op, 0x00, 0x00]);
        using var instance = module.Instantiate();

        instance.Invoke("load", (ulong)(Page - size));
        instance.Invoke("last");
        AssertTraps(() => instance.Invoke("load", (ulong)(Page - size + 1)));
        AssertTraps(() => instance.Invoke("past"));
        AssertTraps(() => instance.Invoke("load", 0xFFFF_FFFF));
    }

    public static TheoryData<byte, int, byte> Stores() => new()
    {
        { Opcode.I32Store, 4, I32 }, { Opcode.I64Store, 8, I64 }, { Opcode.F32Store, 4, F32 }, { Opcode.F64Store, 8, F64 },
        { Opcode.I32Store8, 1, I32 }, { Opcode.I32Store16, 2, I32 },
        { Opcode.I64Store8, 1, I64 }, { Opcode.I64Store16, 2, I64 }, { Opcode.I64Store32, 4, I64 },
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public void StoreReachesTheLastByteAndTrapsOnePastWithoutWriting(byte op, int size, byte value)
    {
        var module = new MemoryModule(1, 1);
        module.Function("store", [I32, value], [], [0x20, 0x00, 0x20, 0x01, op, 0x00, 0x00]);
        using var instance = module.Instantiate();
        var memory = instance.MemoryAt(0);

        instance.Invoke("store", (ulong)(Page - size), ulong.MaxValue);
        Assert.All(memory.GetSpan((ulong)(Page - size), size).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.Equal(0, memory.GetSpan((ulong)(Page - size - 1), 1)[0]);

        memory.GetSpan(0, Page).Clear();
        AssertTraps(() => instance.Invoke("store", (ulong)(Page - size + 1), ulong.MaxValue));
        Assert.True(memory.GetSpan(0, Page).IndexOfAnyExcept((byte)0) < 0, "a trapping store wrote");
    }

    [Fact]
    public void LoadsExtendAndStoresTruncateLittleEndian()
    {
        var module = new MemoryModule(1, 1);
        module.Function("store64", [I32, I64], [], [0x20, 0x00, 0x20, 0x01, Opcode.I64Store, 0x03, 0x00]);
        module.Function("load8s", [I32], [I64], [0x20, 0x00, Opcode.I64Load8S, 0x00, 0x00]);
        module.Function("load16u", [I32], [I32], [0x20, 0x00, Opcode.I32Load16U, 0x01, 0x00]);
        module.Function("load32s", [I32], [I64], [0x20, 0x00, Opcode.I64Load32S, 0x02, 0x00]);
        module.Function("store16", [I32, I32], [], [0x20, 0x00, 0x20, 0x01, Opcode.I32Store16, 0x01, 0x00]);
        module.Function("load", [I32], [I64], [0x20, 0x00, Opcode.I64Load, 0x03, 0x00]);
        using var instance = module.Instantiate();

        instance.Invoke("store64", 8, 0x8877_6655_F3F2_F1F0);
        Assert.Equal(0xFFFF_FFFF_FFFF_FFF0ul, instance.Invoke("load8s", 8)[0]);
        Assert.Equal(0xF3F2ul, instance.Invoke("load16u", 10)[0]);
        Assert.Equal(0xFFFF_FFFF_F3F2_F1F0ul, instance.Invoke("load32s", 8)[0]);
        Assert.Equal(0x6655ul, instance.Invoke("load16u", 12)[0]);
        instance.Invoke("store16", 8, 0xABCD_1234);
        Assert.Equal(0x8877_6655_F3F2_1234ul, instance.Invoke("load", 8)[0]);
    }

    [Fact]
    public void StoresOfConstantsUseEveryWidth()
    {
        var module = new MemoryModule(1, 1);
        module.Function("fill", [], [],
        [
            .. I32Const(0), .. I64Const(0x0123_4567_89AB_CDEF), Opcode.I64Store, 0x03, 0x00,
            .. I32Const(8), .. I64Const(-2), Opcode.I64Store, 0x03, 0x00,
            .. I32Const(16), .. I32Const(-3), Opcode.I32Store, 0x02, 0x00,
            .. I32Const(20), .. I32Const(0x1_7777), Opcode.I32Store16, 0x01, 0x00,
            .. I32Const(22), .. I32Const(0x1FF), Opcode.I32Store8, 0x00, 0x00,
            .. I32Const(24), 0x43, .. BitConverter.GetBytes(1.5f), Opcode.F32Store, 0x02, 0x00,
            .. I32Const(32), 0x44, .. BitConverter.GetBytes(-2.25), Opcode.F64Store, 0x03, 0x00,
        ]);
        using var instance = module.Instantiate();
        instance.Invoke("fill");

        var bytes = instance.MemoryAt(0).GetSpan(0, 40);
        Assert.Equal(0x0123_4567_89AB_CDEFul, BitConverter.ToUInt64(bytes[..8]));
        Assert.Equal(ulong.MaxValue - 1, BitConverter.ToUInt64(bytes[8..16]));
        Assert.Equal(uint.MaxValue - 2, BitConverter.ToUInt32(bytes[16..20]));
        Assert.Equal(0x7777, BitConverter.ToUInt16(bytes[20..22]));
        Assert.Equal(0xFF, bytes[22]);
        Assert.Equal(0, bytes[23]);
        Assert.Equal(1.5f, BitConverter.ToSingle(bytes[24..28]));
        Assert.Equal(-2.25, BitConverter.ToDouble(bytes[32..40]));
    }

    [Fact]
    public void FloatLoadsRoundTripTheirBits()
    {
        var module = new MemoryModule(1, 1);
        module.Function("f32", [I32], [F32], [0x20, 0x00, Opcode.F32Load, 0x02, 0x00]);
        module.Function("f64", [I32], [F64], [0x20, 0x00, Opcode.F64Load, 0x03, 0x00]);
        using var instance = module.Instantiate();
        var memory = instance.MemoryAt(0);
        BitConverter.TryWriteBytes(memory.GetSpan(4, 4), 0x7FA0_0001u); // a signalling NaN keeps its bits
        BitConverter.TryWriteBytes(memory.GetSpan(8, 8), 0xFFF4_0000_0000_0001ul);

        Assert.Equal(0x7FA0_0001ul, instance.Invoke("f32", 4)[0]);
        Assert.Equal(0xFFF4_0000_0000_0001ul, instance.Invoke("f64", 8)[0]);
    }

    // ---- offsets near 4 GiB ----

    [Fact]
    public void OffsetsNear4GiBAreCheckedWithoutOverflow()
    {
        var module = new MemoryModule(1, null);
        module.Function("big", [I32], [I32], [0x20, 0x00, Opcode.I32Load, 0x02, .. U32(0xFFFF_FFFC)]);
        module.Function("max", [I32], [I32], [0x20, 0x00, Opcode.I32Load8U, 0x00, .. U32(0xFFFF_FFFF)]);
        module.Function("half", [I32], [I32], [0x20, 0x00, Opcode.I32Load, 0x02, .. U32(0x8000_0000)]);
        module.Function("const", [], [I32], [.. I32Const(-1), Opcode.I32Load, 0x02, .. U32(0xFFFF_FFFF)]);
        module.Function("storebig", [I32], [], [0x20, 0x00, .. I32Const(7), Opcode.I32Store, 0x02, .. U32(0xFFFF_FFFC)]);
        using var instance = module.Instantiate();

        AssertTraps(() => instance.Invoke("big", 0));
        AssertTraps(() => instance.Invoke("big", 4));
        AssertTraps(() => instance.Invoke("big", 0xFFFF_FFFF));
        AssertTraps(() => instance.Invoke("max", 0));
        AssertTraps(() => instance.Invoke("max", 0xFFFF_FFFF));
        AssertTraps(() => instance.Invoke("half", 0));
        AssertTraps(() => instance.Invoke("half", 0x8000_0000));
        AssertTraps(() => instance.Invoke("const"));
        AssertTraps(() => instance.Invoke("storebig", 0));
        Assert.True(instance.MemoryAt(0).GetSpan(0, Page).IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void A4GiBMemoryReachesItsLastBytesThroughLargeOffsets()
    {
        // 65536 pages are reserved and made accessible, but only the pages touched are ever committed.
        var module = new MemoryModule(LinearMemory.MaxPages, null);
        module.Function("load", [I32], [I32], [0x20, 0x00, Opcode.I32Load, 0x02, .. U32(0xFFFF_FFF0)]);
        module.Function("store", [I32, I32], [], [0x20, 0x00, 0x20, 0x01, Opcode.I32Store, 0x02, .. U32(0xFFFF_FFF0)]);
        module.Function("last", [], [I32], [.. I32Const(-1), Opcode.I32Load8U, 0x00, 0x00]);
        module.Function("size", [], [I32], [Opcode.MemorySize, 0x00]);
        using var instance = module.Instantiate();

        Assert.Equal(65536ul, instance.Invoke("size")[0]);
        instance.Invoke("store", 12, 0xA1B2_C3D4);
        Assert.Equal(0xA1B2_C3D4ul, instance.Invoke("load", 12)[0]);
        Assert.Equal(0xA1ul, instance.Invoke("last")[0]);
        AssertTraps(() => instance.Invoke("load", 13));
        AssertTraps(() => instance.Invoke("store", 13, 1));
    }

    // ---- memory.size and memory.grow ----

    [Fact]
    public void GrowUpdatesTheSizeAndKeepsTheData()
    {
        var module = new MemoryModule(1, 4);
        module.Function("grow", [I32], [I32], [0x20, 0x00, Opcode.MemoryGrow, 0x00]);
        module.Function("size", [], [I32], [Opcode.MemorySize, 0x00]);
        module.Function("load", [I32], [I32], [0x20, 0x00, Opcode.I32Load, 0x02, 0x00]);
        module.Function("store", [I32, I32], [], [0x20, 0x00, 0x20, 0x01, Opcode.I32Store, 0x02, 0x00]);
        using var instance = module.Instantiate();

        instance.Invoke("store", Page - 4, 0x1234_5678);
        AssertTraps(() => instance.Invoke("load", Page));
        Assert.Equal(1ul, instance.Invoke("grow", 2)[0]);
        Assert.Equal(3ul, instance.Invoke("size")[0]);
        Assert.Equal(3u, instance.MemoryAt(0).Pages);
        Assert.Equal(0x1234_5678ul, instance.Invoke("load", Page - 4)[0]);
        Assert.Equal(0ul, instance.Invoke("load", 3 * Page - 4)[0]);
        instance.Invoke("store", 3 * Page - 4, 99);
        AssertTraps(() => instance.Invoke("load", 3 * Page - 3));
        Assert.Equal(3ul, instance.Invoke("grow", 0)[0]);
    }

    [Fact]
    public void GrowKeepsTheValuesOfTheOperandStack()
    {
        // (local.get 0) (local.get 1) (memory.grow (i32.const 1)) i32.add i32.add: values in registers across the call.
        var module = new MemoryModule(1, null);
        module.Function("f", [I32, I32], [I32],
            [0x20, 0x00, 0x20, 0x01, 0x20, 0x00, 0x20, 0x01, 0x6A, .. I32Const(1), Opcode.MemoryGrow, 0x00, 0x6A, 0x6A, 0x6A]);
        using var instance = module.Instantiate();

        Assert.Equal(10ul + 20 + 10 + 20 + 1, instance.Invoke("f", 10, 20)[0]);
        Assert.Equal(10ul + 20 + 10 + 20 + 2, instance.Invoke("f", 10, 20)[0]);
    }

    [Fact]
    public void HostileGrowIsRefusedWithoutGrowing()
    {
        var module = new MemoryModule(1, null);
        module.Function("grow", [I32], [I32], [0x20, 0x00, Opcode.MemoryGrow, 0x00]);
        var limited = new MemoryModule(1, 2);
        limited.Function("grow", [I32], [I32], [0x20, 0x00, Opcode.MemoryGrow, 0x00]);
        using var instance = module.Instantiate();
        using var small = limited.Instantiate();

        Assert.Equal(0xFFFF_FFFFul, instance.Invoke("grow", 65536)[0]);
        Assert.Equal(0xFFFF_FFFFul, instance.Invoke("grow", 0xFFFF_FFFF)[0]);
        Assert.Equal(0xFFFF_FFFFul, instance.Invoke("grow", 0x8000_0000)[0]);
        Assert.Equal(1u, instance.MemoryAt(0).Pages);
        Assert.Equal((ulong)Page, instance.MemoryAt(0).SizeInBytes);

        Assert.Equal(0xFFFF_FFFFul, small.Invoke("grow", 2)[0]);
        Assert.Equal(1u, small.MemoryAt(0).Pages);
        Assert.Equal(1ul, small.Invoke("grow", 1)[0]);
        Assert.Equal(0xFFFF_FFFFul, small.Invoke("grow", 1)[0]);
        Assert.Equal(2u, small.MemoryAt(0).Pages);
    }

    // ---- bulk memory ----

    [Fact]
    public void CopyHandlesOverlapInBothDirections()
    {
        var module = new MemoryModule(1, 1);
        module.Function("copy", [I32, I32, I32], [], [0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xFC, .. U32(MiscOpcode.MemoryCopy), 0x00, 0x00]);
        module.ActiveData(0, [1, 2, 3, 4, 5, 6, 7, 8]);
        using var instance = module.Instantiate();
        var memory = instance.MemoryAt(0);

        instance.Invoke("copy", 2, 0, 6);
        Assert.Equal(new byte[] { 1, 2, 1, 2, 3, 4, 5, 6 }, memory.GetSpan(0, 8).ToArray());
        instance.Invoke("copy", 0, 2, 6);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 5, 6 }, memory.GetSpan(0, 8).ToArray());
    }

    [Fact]
    public void CopyChecksBothRangesBeforeWriting()
    {
        var module = new MemoryModule(1, 1);
        module.Function("copy", [I32, I32, I32], [], [0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xFC, .. U32(MiscOpcode.MemoryCopy), 0x00, 0x00]);
        module.ActiveData(0, [1, 2, 3, 4]);
        using var instance = module.Instantiate();
        var memory = instance.MemoryAt(0);

        AssertTraps(() => instance.Invoke("copy", Page - 2, 0, 4));
        AssertTraps(() => instance.Invoke("copy", 8, Page - 2, 4));
        AssertTraps(() => instance.Invoke("copy", 8, 0, 0xFFFF_FFFF));
        Assert.Equal(0, memory.GetSpan(Page - 2, 2)[0]);
        Assert.True(memory.GetSpan(4, Page - 4).IndexOfAnyExcept((byte)0) < 0, "a trapping copy wrote");

        // Zero bytes at the very end are in bounds; one past is not.
        instance.Invoke("copy", Page, Page, 0);
        AssertTraps(() => instance.Invoke("copy", Page + 1, 0, 0));
        AssertTraps(() => instance.Invoke("copy", 0, Page + 1, 0));
    }

    [Fact]
    public void CopyArgumentsInEachOthersRegistersAreMovedAsAPermutation()
    {
        // Two values below keep rax and rcx busy, so d, s and n land in rdx, rsi and rdi: d and n
        // must swap on the way into memmove's rdi and rdx.
        var module = new MemoryModule(1, 1);
        module.Function("copy", [I32, I32, I32], [I32],
        [
            0x20, 0x00, 0x20, 0x01,
            0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xFC, .. U32(MiscOpcode.MemoryCopy), 0x00, 0x00,
            0x6A,
        ]);
        module.ActiveData(0, [1, 2, 3, 4]);
        using var instance = module.Instantiate();

        Assert.Equal(100ul, instance.Invoke("copy", 100, 0, 3)[0]);
        Assert.Equal(new byte[] { 1, 2, 3, 0 }, instance.MemoryAt(0).GetSpan(100, 4).ToArray());
    }

    [Fact]
    public void FillWritesTheLowByteAndChecksFirst()
    {
        var module = new MemoryModule(1, 1);
        module.Function("fill", [I32, I32, I32], [], [0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xFC, .. U32(MiscOpcode.MemoryFill), 0x00]);
        using var instance = module.Instantiate();
        var memory = instance.MemoryAt(0);

        instance.Invoke("fill", 10, 0x1234_56AB, 5);
        Assert.Equal(new byte[] { 0, 0xAB, 0xAB, 0xAB, 0xAB, 0xAB, 0 }, memory.GetSpan(9, 7).ToArray());
        instance.Invoke("fill", Page - 1, 7, 1);
        Assert.Equal(7, memory.GetSpan(Page - 1, 1)[0]);
        instance.Invoke("fill", Page, 7, 0);

        memory.GetSpan(0, Page).Clear();
        AssertTraps(() => instance.Invoke("fill", Page - 1, 7, 2));
        AssertTraps(() => instance.Invoke("fill", Page + 1, 7, 0));
        Assert.True(memory.GetSpan(0, Page).IndexOfAnyExcept((byte)0) < 0, "a trapping fill wrote");
    }

    [Fact]
    public void InitCopiesPassiveSegmentsUntilDropped()
    {
        var module = new MemoryModule(1, 1);
        module.Function("init", [I32, I32, I32], [], [0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xFC, .. U32(MiscOpcode.MemoryInit), 0x01, 0x00]);
        module.Function("drop", [], [], [0xFC, .. U32(MiscOpcode.DataDrop), 0x01]);
        module.Function("initActive", [I32, I32, I32], [], [0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xFC, .. U32(MiscOpcode.MemoryInit), 0x00, 0x00]);
        module.ActiveData(0, [9, 9]);
        module.PassiveData([10, 11, 12, 13, 14]);
        using var instance = module.Instantiate();
        var memory = instance.MemoryAt(0);

        instance.Invoke("init", 100, 1, 3);
        Assert.Equal(new byte[] { 0, 11, 12, 13, 0 }, memory.GetSpan(99, 5).ToArray());
        instance.Invoke("init", Page - 5, 0, 5);
        instance.Invoke("init", 0, 5, 0);

        // Out of the segment or out of memory: nothing is written.
        memory.GetSpan(0, Page).Clear();
        AssertTraps(() => instance.Invoke("init", 0, 3, 3));
        AssertTraps(() => instance.Invoke("init", Page - 2, 0, 3));
        AssertTraps(() => instance.Invoke("init", 0, 6, 0));
        Assert.True(memory.GetSpan(0, Page).IndexOfAnyExcept((byte)0) < 0, "a trapping init wrote");

        // An active segment is dropped by instantiation; a dropped one is empty.
        instance.Invoke("initActive", 0, 0, 0);
        AssertTraps(() => instance.Invoke("initActive", 0, 0, 1));
        instance.Invoke("drop");
        instance.Invoke("drop");
        instance.Invoke("init", 0, 0, 0);
        AssertTraps(() => instance.Invoke("init", 0, 0, 1));
    }

    [Fact]
    public void DroppingASegmentAffectsOnlyItsInstance()
    {
        var module = new MemoryModule(1, 1);
        module.Function("init", [], [], [.. I32Const(0), .. I32Const(0), .. I32Const(2), 0xFC, .. U32(MiscOpcode.MemoryInit), 0x00, 0x00]);
        module.Function("drop", [], [], [0xFC, .. U32(MiscOpcode.DataDrop), 0x00]);
        module.PassiveData([5, 6]);
        using var first = module.Instantiate();
        using var second = module.Instantiate();

        first.Invoke("drop");
        AssertTraps(() => first.Invoke("init"));
        second.Invoke("init");
        Assert.Equal(new byte[] { 5, 6 }, second.MemoryAt(0).GetSpan(0, 2).ToArray());
    }

    // ---- instantiation ----

    [Fact]
    public void ActiveSegmentsAreCopiedInOrder()
    {
        var module = new MemoryModule(1, 1, exportMemoryAs: "mem");
        module.ActiveData(4, [1, 2, 3, 4]);
        module.ActiveData(6, [7, 8, 9]);
        module.ActiveData(Page - 2, [5, 6]);
        module.ActiveData(Page, []);
        using var instance = module.Instantiate();

        var memory = instance.GetMemory("mem");
        Assert.NotNull(memory);
        Assert.Same(instance.MemoryAt(0), memory);
        Assert.Null(instance.GetMemory("nope"));
        Assert.Equal(new byte[] { 0, 1, 2, 7, 8, 9, 0 }, memory.GetSpan(3, 7).ToArray());
        Assert.Equal(new byte[] { 5, 6 }, memory.GetSpan(Page - 2, 2).ToArray());
    }

    [Fact]
    public void AnActiveSegmentOutOfBoundsTrapsAtInstantiation()
    {
        var module = new MemoryModule(1, 1);
        module.ActiveData(Page - 1, [1, 2]);
        var trap = Assert.Throws<TrapException>(() => module.Instantiate().Dispose());
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.StartsWith("out of bounds memory access", trap.Message);

        var empty = new MemoryModule(0, null);
        empty.ActiveData(1, []);
        Assert.Throws<TrapException>(() => empty.Instantiate().Dispose());

        var huge = new MemoryModule(1, null);
        huge.ActiveData(uint.MaxValue, [1]);
        Assert.Throws<TrapException>(() => huge.Instantiate().Dispose());
    }

    [Fact]
    public void AMemoryOfZeroPagesTrapsOnEveryAccessUntilItGrows()
    {
        var module = new MemoryModule(0, null);
        module.Function("load", [I32], [I32], [0x20, 0x00, Opcode.I32Load8U, 0x00, 0x00]);
        module.Function("grow", [I32], [I32], [0x20, 0x00, Opcode.MemoryGrow, 0x00]);
        using var instance = module.Instantiate();

        AssertTraps(() => instance.Invoke("load", 0));
        Assert.Equal(0ul, instance.Invoke("grow", 1)[0]);
        Assert.Equal(0ul, instance.Invoke("load", Page - 1)[0]);
    }

    private static void AssertTraps(Action action)
    {
        var trap = Assert.Throws<TrapException>(action);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
    }

    private static byte[] I32Const(int value) => [Opcode.I32Const, .. S64(value)];

    private static byte[] I64Const(long value) => [Opcode.I64Const, .. S64(value)];

    /// <summary>A module with one memory, exported functions and data segments, assembled for these tests.</summary>
    private sealed class MemoryModule(uint minPages, uint? maxPages, string? exportMemoryAs = null)
    {
        private readonly List<byte[]> _types = [];
        private readonly List<byte[]> _functions = [];
        private readonly List<byte[]> _exports = [];
        private readonly List<byte[]> _codes = [];
        private readonly List<byte[]> _data = [];

        public void Function(string name, byte[] parameters, byte[] results, byte[] code)
        {
            uint index = (uint)_functions.Count;
            _types.Add([0x60, .. U32((uint)parameters.Length), .. parameters, .. U32((uint)results.Length), .. results]);
            _functions.Add(U32(index));
            _exports.Add([.. Name(name), 0x00, .. U32(index)]);
            _codes.Add(Body([.. code, Opcode.End], []));
        }

        public void ActiveData(uint offset, byte[] bytes) =>
            _data.Add([0x00, .. I32Const((int)offset), Opcode.End, .. U32((uint)bytes.Length), .. bytes]);

        public void PassiveData(byte[] bytes) => _data.Add([0x01, .. U32((uint)bytes.Length), .. bytes]);

        public Instance Instantiate()
        {
            byte[] limits = maxPages is { } max ? [0x01, .. U32(minPages), .. U32(max)] : [0x00, .. U32(minPages)];
            var exports = new List<byte[]>(_exports);
            if (exportMemoryAs is not null) exports.Add([.. Name(exportMemoryAs), 0x02, 0x00]);
            var sections = new List<byte[]>();
            if (_types.Count > 0) sections.Add(Section(1, Vec([.. _types])));
            if (_functions.Count > 0) sections.Add(Section(3, Vec([.. _functions])));
            sections.Add(Section(5, Vec(limits)));
            if (exports.Count > 0) sections.Add(Section(7, Vec([.. exports])));
            if (_data.Count > 0) sections.Add(Section(12, U32((uint)_data.Count)));
            if (_codes.Count > 0) sections.Add(Section(10, Vec([.. _codes])));
            if (_data.Count > 0) sections.Add(Section(11, Vec([.. _data])));
            var validated = ModuleValidator.Validate(ModuleDecoder.Decode(Module([.. sections])));
            return new Instance(validated);
        }
    }
}
