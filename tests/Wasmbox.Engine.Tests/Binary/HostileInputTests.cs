using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Tests.Support;
using Wasmbox.Engine.Validation;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Binary;

/// <summary>
/// Whatever the bytes, decoding and validating ends in a module or in one of the two typed errors:
/// never another exception, a hang, a stack overflow or an allocation the input cannot justify.
/// </summary>
public class HostileInputTests
{
    private const int Seed = 20261121;
    private const int MutantsPerSeedModule = 120;

    [Fact]
    public void RandomMutantsOfValidModulesFailOnlyWithTypedErrors()
    {
        var seeds = SeedModules();
        Assert.True(seeds.Count >= 20, $"only {seeds.Count} seed modules found");

        var random = new Random(Seed);
        var failures = new List<string>();
        int mutants = 0, accepted = 0;
        foreach (var (name, original) in seeds)
        {
            for (int i = 0; i < MutantsPerSeedModule; i++)
            {
                byte[] mutant = Mutate(original, random);
                mutants++;
                try
                {
                    ModuleValidator.Validate(ModuleDecoder.Decode(mutant));
                    accepted++;
                }
                catch (WasmException)
                {
                }
                catch (Exception e)
                {
                    string path = Path.Combine(Path.GetTempPath(), $"wasmbox-mutant-{name}-{i}.wasm");
                    File.WriteAllBytes(path, mutant);
                    failures.Add($"{name} mutant {i} ({path}): {e.GetType().Name}: {e.Message}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {mutants} mutants escaped as untyped exceptions:\n" + string.Join("\n", failures.Take(20)));
        Assert.True(mutants >= 2000, $"only {mutants} mutants");
        Assert.True(accepted < mutants, "no mutant was rejected: the mutator does nothing");
    }

    [Fact]
    public void HundredThousandNestedBlocksValidateWithoutRecursion()
    {
        const int depth = 100_000;
        var code = new List<byte>();
        for (int i = 0; i < depth; i++) code.AddRange([0x02, 0x40]);
        for (int i = 0; i <= depth; i++) code.Add(0x0B);
        var validated = ModuleValidator.Validate(ModuleDecoder.Decode(OneFunction([.. code])));
        Assert.Equal(depth + 1, validated.Functions[0].MaxControlDepth);
    }

    [Fact]
    public void UnclosedNestingIsATypedError()
    {
        var code = new List<byte>();
        for (int i = 0; i < 50_000; i++) code.AddRange([0x02, 0x40]);
        code.Add(0x0B);
        Assert.ThrowsAny<WasmException>(() => ModuleValidator.Validate(ModuleDecoder.Decode(OneFunction([.. code]))));
    }

    [Theory]
    [InlineData((byte)1)] // types
    [InlineData((byte)2)] // imports
    [InlineData((byte)3)] // functions
    [InlineData((byte)4)] // tables
    [InlineData((byte)5)] // memories
    [InlineData((byte)6)] // globals
    [InlineData((byte)7)] // exports
    [InlineData((byte)9)] // elements
    [InlineData((byte)10)] // code
    [InlineData((byte)11)] // data
    public void FourBillionDeclaredEntriesAreRefusedCheaply(byte sectionId)
    {
        byte[] bytes = Module(Section(sectionId, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x00, 0x00]));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.ThrowsAny<WasmException>(() => ModuleValidator.Validate(ModuleDecoder.Decode(bytes)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void HugeBrTableCountIsRefusedCheaply()
    {
        byte[] code = [0x41, 0x00, 0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x0B];
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.ThrowsAny<WasmException>(() => ModuleValidator.Validate(ModuleDecoder.Decode(OneFunction(code))));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && bytes.Count > 8; e++)
        {
            // Leave the header alone most of the time so mutants reach the sections.
            int at = 8 + random.Next(bytes.Count - 8);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 2:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                    break;
                case 5:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(16)));
                    break;
                default:
                    int length = Math.Min(bytes.Count - at, 1 + random.Next(32));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
            }
        }

        return [.. bytes];
    }

    private static readonly byte[] Interesting = [0x00, 0x01, 0x0B, 0x02, 0x03, 0x04, 0x40, 0x41, 0x7F, 0x80, 0xFF, 0xFC, 0xFD, 0x70, 0x6F, 0x7B];

    /// <summary>Valid modules to mutate: the benchmark programs and a spread of spec-suite modules.</summary>
    private static List<(string Name, byte[] Bytes)> SeedModules()
    {
        var seeds = new List<(string, byte[])>();
        var bench = Path.Combine(SharedData.Require(SharedData.BenchDirectory), "wasm");
        foreach (var file in Directory.GetFiles(bench, "*.wasm").Order())
        {
            if (new FileInfo(file).Length < 200_000) seeds.Add((Path.GetFileNameWithoutExtension(file), File.ReadAllBytes(file)));
        }

        var spec = SharedData.Require(SharedData.SpecTestDirectory);
        string[] suites = ["block", "br_table", "call_indirect", "elem", "data", "global", "imports", "memory", "table", "select", "simd_lane", "bulk", "ref_func", "exports", "loop", "if"];
        foreach (var suite in suites)
        {
            var dir = Path.Combine(spec, suite);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.GetFiles(dir, "*.0.wasm").Concat(Directory.GetFiles(dir, "*.1.wasm")).Order())
            {
                var bytes = File.ReadAllBytes(file);
                if (IsValid(bytes)) seeds.Add((Path.GetFileNameWithoutExtension(file), bytes));
            }
        }

        return seeds;
    }

    private static bool IsValid(byte[] bytes)
    {
        try
        {
            ModuleValidator.Validate(ModuleDecoder.Decode(bytes));
            return true;
        }
        catch (WasmException)
        {
            return false;
        }
    }
}
