using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Tests.Runtime.Native;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Runtime;

/// <summary>Executable memory and everything an instance holds natively is freed once nothing uses it.</summary>
[Collection(ProcessMemoryCollection.Name)]
public class ModuleLifetimeTests
{
    /// <summary>A module with a memory, a table, a global and a function that touches all three.</summary>
    private static byte[] SmallModule(int seed) => Module(
        Section(1, Vec([0x60, 0x00, 0x01, 0x7F])),
        Section(3, Vec([0x00])),
        Section(4, Vec([0x70, 0x00, 0x04])),
        Section(5, Vec([0x00, 0x01])),
        Section(6, Vec([0x7F, 0x01, 0x41, (byte)(seed & 0x3F), 0x0B])),
        Section(7, Vec([.. Name("f"), 0x00, 0x00])),
        // (i32.store (i32.const 8) (global.get 0)) (i32.load (i32.const 8)) (table.size 0) i32.add
        Section(10, Vec(Body([0x41, 0x08, 0x23, 0x00, 0x36, 0x02, 0x00, 0x41, 0x08, 0x28, 0x02, 0x00, 0xFC, 0x10, 0x00, 0x6A, 0x0B], []))));

    [Fact]
    public void CompilingAndDroppingTenThousandModulesDoesNotGrowTheProcess()
    {
        // Warm up: the first modules bring in the runtime's own one-time allocations.
        RunBatch(200);
        var before = ProcSelf.MeasureAfterGc();

        for (int batch = 0; batch < 10; batch++) RunBatch(1_000);
        var after = ProcSelf.MeasureAfterGc();

        Assert.True(after.CodeBytes - before.CodeBytes <= 64 * 1024,
            $"executable memory grew from {before.CodeBytes} to {after.CodeBytes} bytes");
        // A leak would leave two mappings per module (code, memory reservation): 20,000. The runtime's
        // own heaps and threads add or drop a few dozen between measurements.
        Assert.True(after.MappingCount - before.MappingCount <= 200,
            $"mappings grew from {before.MappingCount} to {after.MappingCount}");
        Assert.True(after.VmSizeBytes - before.VmSizeBytes < 256L << 20,
            $"address space grew from {before.VmSizeBytes} to {after.VmSizeBytes} bytes");
        Assert.True(after.VmRssBytes - before.VmRssBytes < 64L << 20,
            $"resident memory grew from {before.VmRssBytes} to {after.VmRssBytes} bytes");
    }

    private static void RunBatch(int count)
    {
        for (int i = 0; i < count; i++)
        {
            // Compiled, instantiated, run, then simply dropped: no Dispose anywhere.
            var module = CompiledModule.Compile(SmallModule(i));
            var instance = new Instance(module);
            Assert.Equal((ulong)((i & 0x3F) + 4), instance.Invoke("f")[0]);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
