using System.Diagnostics;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Validation;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Runtime;

public class DeadlineTests
{
    /// <summary>f0 loops forever calling f1 (an empty function); f2 returns 7.</summary>
    private static Instance Spinner() => new(ModuleValidator.Validate(ModuleDecoder.Decode(Module(
        Section(1, Vec([0x60, 0x00, 0x00], [0x60, 0x00, 0x01, 0x7F])),
        Section(3, Vec([0x00], [0x00], [0x01])),
        Section(7, Vec([.. Name("spin"), 0x00, 0x00], [.. Name("seven"), 0x00, 0x02])),
        Section(10, Vec(
            Body([0x03, 0x40, 0x10, 0x01, 0x0C, 0x00, 0x0B, 0x0B], []),
            Body([0x0B], []),
            Body([0x41, 0x07, 0x0B], [])))))));

    [Fact]
    public void EndlessLoopStopsAtTheDeadlineAndTheInstanceStaysUsable()
    {
        using var instance = Spinner();
        var clock = Stopwatch.StartNew();
        var trap = Assert.Throws<TrapException>(() => instance.Invoke(0, [], TimeSpan.FromMilliseconds(100)));
        Assert.Equal(TrapKind.DeadlineExceeded, trap.Kind);
        Assert.Equal("deadline exceeded", trap.Message);
        Assert.InRange(clock.ElapsedMilliseconds, 90, 5_000);

        // The limit is back: an ordinary call works, and a deep recursion is still a stack trap.
        Assert.Equal(7ul, instance.Invoke(2, [], TimeSpan.FromSeconds(10))[0]);
    }

    [Fact]
    public void LoopThatCallsNothingStopsAtTheDeadline()
    {
        // (func (export "spin") (loop (br 0)))
        using var instance = new Instance(ModuleValidator.Validate(ModuleDecoder.Decode(Module(
            Section(1, Vec([0x60, 0x00, 0x00])),
            Section(3, Vec([0x00])),
            Section(7, Vec([.. Name("spin"), 0x00, 0x00])),
            Section(10, Vec(Body([0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B], [])))))));
        var trap = Assert.Throws<TrapException>(() => instance.Invoke(0, [], TimeSpan.FromMilliseconds(100)));
        Assert.Equal(TrapKind.DeadlineExceeded, trap.Kind);
    }

    [Fact]
    public void DeadlineThatDoesNotPassChangesNothing()
    {
        using var instance = Spinner();
        for (int i = 0; i < 100; i++) Assert.Equal(7ul, instance.Invoke(2, [], TimeSpan.FromSeconds(30))[0]);
    }
}
