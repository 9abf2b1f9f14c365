using System.Runtime.CompilerServices;
using Wasmbox.Engine.Runtime.Native;
using Xunit.Abstractions;
using static Wasmbox.Engine.Tests.Runtime.Native.MachineCode;

namespace Wasmbox.Engine.Tests.Runtime.Native;

[Collection(ProcessMemoryCollection.Name)]
public class CodeMemoryLifetimeTests(ITestOutputHelper output)
{
    private const int Batches = 10;
    private const int RegionsPerBatch = 1_000;

    [Fact]
    public void DisposeUnmapsThePages()
    {
        var region = CodeMemory.Publish(Return(1));
        var address = region.Address;
        Assert.True(IsPublishedCode(address));

        region.Dispose();
        // The runtime may map its own pages at the freed address at once, so the check is that
        // our mapping is gone, not that nothing is there.
        Assert.False(IsPublishedCode(address));
    }

    [Fact]
    public void DroppedRegionsAreUnmappedByTheFinalizer()
    {
        var before = ProcSelf.MeasureAfterGc();
        var addresses = PublishAndDrop(100);
        var after = ProcSelf.MeasureAfterGc();

        Assert.DoesNotContain(addresses, IsPublishedCode);
        Assert.Equal(before.CodeBytes, after.CodeBytes);
    }

    [Fact]
    public void TenThousandDroppedRegionsDoNotGrowTheProcess()
    {
        PublishAndDrop(RegionsPerBatch); // warm up: JIT the paths, let the GC size itself
        var before = ProcSelf.MeasureAfterGc();

        // While a batch is alive it must be visible, or the final comparison would prove nothing.
        var during = MeasureWithOneBatchAlive();

        for (var i = 0; i < Batches; i++) PublishAndDrop(RegionsPerBatch);
        var after = ProcSelf.MeasureAfterGc();
        output.WriteLine($"before:          {before}\none batch alive: {during}\nafter {Batches * RegionsPerBatch} dropped: {after}");

        var batchBytes = (long)RegionsPerBatch * Libc.PageSize;
        Assert.Equal(before.CodeBytes + batchBytes, during.CodeBytes);
        Assert.Equal(before.CodeRssBytes + batchBytes, during.CodeRssBytes);
        Assert.True(during.VmSizeBytes - before.VmSizeBytes >= batchBytes, "a live batch should show in VmSize");

        // Our pages, exactly: all of them are gone.
        Assert.Equal(before.CodeBytes, after.CodeBytes);
        Assert.Equal(before.CodeRssBytes, after.CodeRssBytes);

        // The whole process, loosely: leaking 10,000 regions would add 10,000 pages (40 MiB at
        // 4 KiB) to VmSize and VmRSS alike, while the runtime may meanwhile start a thread (an
        // 8 MiB stack in VmSize, seen in full-suite runs) or grow its GC heap.
        const long ProcessNoise = 20 << 20;
        Assert.True(after.VmSizeBytes - before.VmSizeBytes < ProcessNoise, $"VmSize grew: {before} -> {after}");
        Assert.True(after.VmRssBytes - before.VmRssBytes < ProcessNoise, $"VmRSS grew: {before} -> {after}");
        // A weak signal on its own: the kernel merges adjacent regions with equal permissions into one
        // mapping (a live batch of 1,000 adds only a few dozen), and the GC adds or drops a few.
        Assert.True(after.MappingCount - before.MappingCount < 32, $"mapping count grew: {before} -> {after}");
    }

    /// <summary>Whether an anonymous r-x mapping (what <see cref="CodeMemory"/> creates) covers <paramref name="address"/>.</summary>
    private static bool IsPublishedCode(nint address) =>
        ProcSelf.FindMapping(address) is { Permissions: "r-xp", Path.Length: 0 };

    /// <summary>Publishes regions and drops them unreferenced; returns their (now stale) addresses.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<nint> PublishAndDrop(int count)
    {
        var addresses = new List<nint>(count);
        for (var i = 0; i < count; i++)
        {
            var region = CodeMemory.Publish(Return(i));
            Assert.Equal(i, Call(region.Address));
            addresses.Add(region.Address);
        }

        return addresses;
    }

    /// <summary>A method of its own so that no stack temporary of the caller keeps the batch alive afterwards.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ProcSelf.Usage MeasureWithOneBatchAlive()
    {
        var regions = new CodeRegion[RegionsPerBatch];
        for (var i = 0; i < regions.Length; i++) regions[i] = CodeMemory.Publish(Return(i));
        var usage = ProcSelf.MeasureAfterGc();
        GC.KeepAlive(regions);
        return usage;
    }
}
