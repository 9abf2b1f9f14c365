using System.Runtime.CompilerServices;
using Wasmbox.Engine.Runtime.Native;
using Xunit.Abstractions;

namespace Wasmbox.Engine.Tests.Runtime.Native;

/// <summary>Reservations cost address space, not memory, and are given back.</summary>
[Collection(ProcessMemoryCollection.Name)]
public class LinearMemoryReservationTests(ITestOutputHelper output)
{
    private static readonly long FourGiB = 4L << 30;

    /// <summary>How far the runtime's own address space may move during a test (GC heap, a thread stack or two); a leaked reservation is 4 GiB.</summary>
    private const long VmSizeNoise = 64 << 20;

    [Fact]
    public void HostileGrowToFourGiBTouchesNoPages()
    {
        var before = ProcSelf.MeasureAfterGc();
        using var memory = LinearMemory.Create(0, null);

        var result = memory.Grow(LinearMemory.MaxPages);
        var after = ProcSelf.MeasureAfterGc();
        output.WriteLine($"grow returned {result}\nbefore: {before}\nafter:  {after}");

        // Either answer is allowed (a kernel without overcommit may refuse), but never a commit of 4 GiB.
        Assert.True(after.VmRssBytes - before.VmRssBytes < 16 << 20, $"VmRSS grew: {before} -> {after}");
        if (result == -1)
        {
            Assert.Equal(0u, memory.Pages);
            return;
        }

        Assert.Equal(0L, result);
        Assert.Equal((ulong)FourGiB, memory.SizeInBytes);
        Assert.Equal("rw-p", ProcSelf.PermissionsAt(memory.Base + (nint)(FourGiB - 1)));
        var lastByte = memory.GetSpan((ulong)FourGiB - 1, 1);
        Assert.Equal(0, lastByte[0]);
        lastByte[0] = 0xFF;
        Assert.Equal(-1L, memory.Grow(1));
    }

    [Fact]
    public void ThousandMemoriesWithoutMaximumAreReleasedOnDispose()
    {
        const int Count = 1_000;
        CreateAndDispose(10); // warm up
        var before = ProcSelf.MeasureAfterGc();

        var memories = new LinearMemory[Count];
        for (var i = 0; i < Count; i++)
        {
            memories[i] = LinearMemory.Create(1, null);
            memories[i].GetSpan(0, 1)[0] = 1; // make the committed page real
        }

        var during = ProcSelf.MeasureAfterGc();
        foreach (var memory in memories) memory.Dispose();
        var after = ProcSelf.MeasureAfterGc();
        output.WriteLine($"before: {before}\n{Count} alive: {during}\nafter:  {after}");

        // Each live memory is a committed page beside a reserved range: two mappings, 4 GiB. The
        // runtime's own mappings come and go by a few meanwhile (the GC, thread stacks).
        const int MappingNoise = 32;
        Assert.True(during.MappingCount - before.MappingCount >= 2 * Count - MappingNoise, $"live memories should show in the mapping count: {before} -> {during}");
        Assert.True(during.VmSizeBytes - before.VmSizeBytes >= Count * FourGiB - VmSizeNoise, $"live memories should show in VmSize: {before} -> {during}");

        Assert.True(Math.Abs(after.MappingCount - before.MappingCount) < MappingNoise, $"mapping count did not return: {before} -> {after}");
        Assert.True(Math.Abs(after.VmSizeBytes - before.VmSizeBytes) < VmSizeNoise, $"VmSize did not return: {before} -> {after}");
    }

    [Fact]
    public void DroppedMemoriesAreReleasedByTheFinalizer()
    {
        CreateAndDrop(10); // warm up
        var before = ProcSelf.MeasureAfterGc();
        CreateAndDrop(100);
        var after = ProcSelf.MeasureAfterGc();
        output.WriteLine($"before: {before}\nafter:  {after}");

        // A leak would leave 100 reservations of 4 GiB behind.
        Assert.True(Math.Abs(after.VmSizeBytes - before.VmSizeBytes) < VmSizeNoise, $"VmSize did not return: {before} -> {after}");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CreateAndDispose(int count)
    {
        for (var i = 0; i < count; i++) LinearMemory.Create(1, null).Dispose();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CreateAndDrop(int count)
    {
        for (var i = 0; i < count; i++) LinearMemory.Create(1, null).GetSpan(0, 1)[0] = 1;
    }
}
