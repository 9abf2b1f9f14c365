using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Runtime.ResourceLimits;
using Wasmbox.Engine.Validation;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Runtime;

/// <summary>An instance's memory cap and memory limiter bound every growth: initial, memory.grow in wasm, and the host's.</summary>
public class MemoryLimitTests
{
    private const ulong Refused = 0xFFFF_FFFF;

    /// <summary>Says yes up to <paramref name="allowedPages"/> in total, and remembers what it was asked.</summary>
    private sealed class RecordingLimiter(uint allowedPages) : IMemoryLimiter
    {
        public List<(uint Current, uint Desired)> Asked { get; } = [];

        public uint Released { get; private set; }

        public bool MemoryGrowing(uint currentPages, uint desiredPages)
        {
            Asked.Add((currentPages, desiredPages));
            return desiredPages <= allowedPages;
        }

        public void MemoryReleased(uint pages) => Released += pages;
    }

    private sealed class ThrowingLimiter : IMemoryLimiter
    {
        public bool MemoryGrowing(uint currentPages, uint desiredPages) =>
            currentPages == 0 ? true : throw new InvalidOperationException("limiter broke");

        public void MemoryReleased(uint pages) { }
    }

    /// <summary>A memory of <paramref name="min"/>..<paramref name="max"/> pages exported as "mem", with grow (i32) → i32 and size () → i32.</summary>
    private static CompiledModule Grower(uint min, uint? max) => new(ModuleValidator.Validate(ModuleDecoder.Decode(Module(
        Section(1, Vec([0x60, 0x01, 0x7F, 0x01, 0x7F], [0x60, 0x00, 0x01, 0x7F])),
        Section(3, Vec([0x00], [0x01])),
        Section(5, Vec(max is { } m ? [0x01, .. U32(min), .. U32(m)] : [0x00, .. U32(min)])),
        Section(7, Vec(Export("grow", 0, 0), Export("size", 0, 1), Export("mem", 2, 0))),
        Section(10, Vec(Body(0x20, 0x00, 0x40, 0x00, 0x0B), Body(0x3F, 0x00, 0x0B)))))));

    [Fact]
    public void GrowPastTheCapReturnsMinusOneAndTheMemoryKeepsWorking()
    {
        using var instance = new Instance(Grower(1, null), null, new InstanceOptions { MaxMemoryPages = 3 });

        Assert.Equal(1ul, instance.Invoke("grow", 2)[0]);
        Assert.Equal(Refused, instance.Invoke("grow", 1)[0]);
        Assert.Equal(3ul, instance.Invoke("size")[0]);
        Assert.Equal(3ul, instance.Invoke("grow", 0)[0]);
    }

    [Fact]
    public void ACapBelowTheDeclaredMaximumIsAllTheMemoryReserves()
    {
        using var instance = new Instance(Grower(1, 1000), null, new InstanceOptions { MaxMemoryPages = 4 });
        var memory = instance.GetMemory("mem")!;

        Assert.Equal(4u, memory.MaximumPages);
        Assert.Equal(1000u, memory.DeclaredMaximumPages);
    }

    [Fact]
    public void ADeclaredMaximumBelowTheCapStillHolds()
    {
        using var instance = new Instance(Grower(1, 2), null, new InstanceOptions { MaxMemoryPages = 100 });

        Assert.Equal(Refused, instance.Invoke("grow", 2)[0]);
        Assert.Equal(1ul, instance.Invoke("grow", 1)[0]);
    }

    [Fact]
    public void AMemoryThatStartsOverTheCapFailsInstantiation()
    {
        var error = Assert.Throws<ResourceLimitException>(() => new Instance(Grower(5, null), null, new InstanceOptions { MaxMemoryPages = 4 }));

        Assert.Contains("5 pages", error.Message, StringComparison.Ordinal);
        Assert.Contains("4 pages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLimiterIsAskedBeforeEveryGrowthAndMayRefuse()
    {
        var limiter = new RecordingLimiter(allowedPages: 3);
        using (var instance = new Instance(Grower(1, null), null, new InstanceOptions { MemoryLimiter = limiter }))
        {
            Assert.Equal(1ul, instance.Invoke("grow", 2)[0]);
            Assert.Equal(Refused, instance.Invoke("grow", 1)[0]);
            Assert.Equal(3ul, instance.Invoke("grow", 0)[0]);
            Assert.Equal(3ul, instance.Invoke("size")[0]);
        }

        Assert.Equal([(0u, 1u), (1u, 3u), (3u, 4u)], limiter.Asked);
        Assert.Equal(3u, limiter.Released);
    }

    [Fact]
    public void TheHostGrowsThroughTheSameCapAndLimiter()
    {
        var limiter = new RecordingLimiter(allowedPages: 2);
        using var instance = new Instance(Grower(1, null), null, new InstanceOptions { MaxMemoryPages = 10, MemoryLimiter = limiter });
        var memory = instance.GetMemory("mem")!;

        Assert.Equal(1L, memory.Grow(1));
        Assert.Equal(-1L, memory.Grow(1));
        Assert.Equal(-1L, memory.Grow(20));
        Assert.Equal(2ul, instance.Invoke("size")[0]);
        Assert.Equal([(0u, 1u), (1u, 2u), (2u, 3u)], limiter.Asked);
    }

    [Fact]
    public void ALimiterThatRefusesTheInitialPagesFailsInstantiation()
    {
        var limiter = new RecordingLimiter(allowedPages: 1);

        Assert.Throws<ResourceLimitException>(() => new Instance(Grower(2, null), null, new InstanceOptions { MemoryLimiter = limiter }));
        Assert.Equal(0u, limiter.Released);
    }

    [Fact]
    public void ALimiterThatThrowsTrapsTheGuestWithItsException()
    {
        using var instance = new Instance(Grower(1, null), null, new InstanceOptions { MemoryLimiter = new ThrowingLimiter() });

        var trap = Assert.Throws<TrapException>(() => instance.Invoke("grow", 1));

        Assert.Equal(TrapKind.HostError, trap.Kind);
        Assert.Contains("limiter broke", trap.Message, StringComparison.Ordinal);
        Assert.Equal(1ul, instance.Invoke("size")[0]);
    }

    [Fact]
    public void WithoutOptionsAMemoryGrowsToItsDeclaredMaximum()
    {
        using var instance = new Instance(Grower(1, 8));

        Assert.Equal(1ul, instance.Invoke("grow", 7)[0]);
        Assert.Equal(Refused, instance.Invoke("grow", 1)[0]);
    }
}
