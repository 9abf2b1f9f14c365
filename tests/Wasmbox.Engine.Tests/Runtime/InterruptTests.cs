using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Validation;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Runtime;

/// <summary>
/// Cancellation interrupts a running guest as a deadline does, each reported as itself; nested
/// host → wasm calls report the reason of the call that was stopped and leave the stack limit right.
/// </summary>
public class InterruptTests
{
    private const uint Outer = 1;
    private const uint Spin = 2;
    private const uint Seven = 3;
    private const uint Recurse = 4;

    private sealed class HostImport(HostFunction function) : IImportResolver
    {
        public object? Resolve(Import import) => function;
    }

    /// <summary>
    /// Imports env.host () → () as function 0; outer (1) calls it, spin (2) loops forever without
    /// calls, seven (3) returns 7, recurse (4) calls itself until the stack runs out.
    /// </summary>
    private static readonly CompiledModule Nesting = new(ModuleValidator.Validate(ModuleDecoder.Decode(Module(
        Section(1, Vec([0x60, 0x00, 0x00], [0x60, 0x00, 0x01, 0x7F])),
        Section(2, Vec(Import("env", "host", 0))),
        Section(3, Vec([0x00], [0x00], [0x01], [0x00])),
        Section(10, Vec(
            Body(0x10, 0x00, 0x0B),
            Body(0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B),
            Body(0x41, 0x07, 0x0B),
            Body(0x10, 0x04, 0x0B)))))));

    /// <summary>An instance of <see cref="Nesting"/> whose env.host runs <paramref name="host"/> with the instance.</summary>
    private static (Instance Instance, HostFunction Host) Instantiate(Action<Instance> host)
    {
        Instance? self = null;
        var function = new HostFunction(new FuncType([], []), (_, _) => host(self!));
        self = new Instance(Nesting, new HostImport(function));
        return (self, function);
    }

    /// <summary>The limit is back where it belongs: ordinary calls work, and deep recursion is a real stack overflow again.</summary>
    private static void AssertStackLimitRestored(Instance instance)
    {
        Assert.Equal(7ul, instance.Invoke(Seven, [])[0]);
        Assert.Equal(TrapKind.CallStackExhausted, Assert.Throws<TrapException>(() => instance.Invoke(Recurse, [])).Kind);
    }

    [Fact]
    public void CancellingTheTokenInterruptsTheGuestAndTheInstanceStaysUsable()
    {
        var (instance, host) = Instantiate(_ => { });
        using var _ = host;
        using var __ = instance;
        using var cancel = new CancellationTokenSource();
        cancel.CancelAfter(50);

        var trap = Assert.Throws<TrapException>(() => instance.Invoke(Spin, [], null, cancel.Token));

        Assert.Equal(TrapKind.Interrupted, trap.Kind);
        Assert.Equal("interrupted", trap.Message);
        AssertStackLimitRestored(instance);
    }

    [Fact]
    public void ATokenCancelledBeforehandStopsTheGuestAtItsFirstCheck()
    {
        var (instance, host) = Instantiate(_ => { });
        using var _ = host;
        using var __ = instance;

        var trap = Assert.Throws<TrapException>(() => instance.Invoke(Spin, [], TimeSpan.FromMinutes(10), new CancellationToken(canceled: true)));

        Assert.Equal(TrapKind.Interrupted, trap.Kind);
        AssertStackLimitRestored(instance);
    }

    [Fact]
    public void ADeadlineThatFiresDuringANestedCallStopsBothAsDeadlineExceeded()
    {
        TrapException? inner = null;
        var (instance, host) = Instantiate(self =>
        {
            inner = Assert.Throws<TrapException>(() => self.Invoke(Spin, []));
            throw inner;
        });
        using var _ = host;
        using var __ = instance;

        var outer = Assert.Throws<TrapException>(() => instance.Invoke(Outer, [], TimeSpan.FromMilliseconds(50)));

        Assert.Equal(TrapKind.DeadlineExceeded, inner!.Kind);
        Assert.Contains("nested", inner.Message, StringComparison.Ordinal);
        Assert.Equal(TrapKind.DeadlineExceeded, outer.Kind);
        Assert.Equal("deadline exceeded", outer.Message);
        Assert.Same(inner, outer.InnerException);
        AssertStackLimitRestored(instance);
    }

    [Fact]
    public void CancellingAnOuterCallStopsTheCallNestedInIt()
    {
        using var cancel = new CancellationTokenSource();
        TrapException? inner = null;
        var (instance, host) = Instantiate(self =>
        {
            cancel.CancelAfter(50);
            inner = Assert.Throws<TrapException>(() => self.Invoke(Spin, [], TimeSpan.FromMinutes(10)));
            throw inner;
        });
        using var _ = host;
        using var __ = instance;

        var outer = Assert.Throws<TrapException>(() => instance.Invoke(Outer, [], null, cancel.Token));

        Assert.Equal(TrapKind.Interrupted, inner!.Kind);
        Assert.Equal(TrapKind.Interrupted, outer.Kind);
        AssertStackLimitRestored(instance);
    }

    [Fact]
    public void ANestedCallsOwnDeadlineEndsItAndTheOuterCallCarriesOn()
    {
        TrapException? inner = null;
        var (instance, host) = Instantiate(self => inner = Assert.Throws<TrapException>(() => self.Invoke(Spin, [], TimeSpan.FromMilliseconds(50))));
        using var _ = host;
        using var __ = instance;

        Assert.Empty(instance.Invoke(Outer, [], TimeSpan.FromMinutes(10)));

        Assert.Equal(TrapKind.DeadlineExceeded, inner!.Kind);
        Assert.Equal("deadline exceeded", inner.Message);
        AssertStackLimitRestored(instance);
    }

    [Fact]
    public void ANestedCallsCancellationEndsItAndTheOuterCallCarriesOn()
    {
        TrapException? inner = null;
        var (instance, host) = Instantiate(self =>
        {
            using var cancel = new CancellationTokenSource();
            cancel.CancelAfter(50);
            inner = Assert.Throws<TrapException>(() => self.Invoke(Spin, [], null, cancel.Token));
        });
        using var _ = host;
        using var __ = instance;

        using var outerCancel = new CancellationTokenSource();
        Assert.Empty(instance.Invoke(Outer, [], null, outerCancel.Token));

        Assert.Equal(TrapKind.Interrupted, inner!.Kind);
        AssertStackLimitRestored(instance);
    }

    [Fact]
    public void ARealStackOverflowInsideACallWithADeadlineIsStillAStackOverflow()
    {
        var (instance, host) = Instantiate(_ => { });
        using var _ = host;
        using var __ = instance;
        using var cancel = new CancellationTokenSource();

        var trap = Assert.Throws<TrapException>(() => instance.Invoke(Recurse, [], TimeSpan.FromMinutes(10), cancel.Token));

        Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
    }

    /// <summary>A module whose start function loops forever.</summary>
    private static readonly CompiledModule SpinningStart = new(ModuleValidator.Validate(ModuleDecoder.Decode(Module(
        Section(1, Vec([0x60, 0x00, 0x00])),
        Section(3, Vec([0x00])),
        Section(8, U32(0)),
        Section(10, Vec(Body(0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B)))))));

    [Fact]
    public void AStartFunctionStopsAtTheStartDeadline()
    {
        var trap = Assert.Throws<TrapException>(() => new Instance(SpinningStart, null, new InstanceOptions { StartDeadline = TimeSpan.FromMilliseconds(50) }));

        Assert.Equal(TrapKind.DeadlineExceeded, trap.Kind);
    }

    [Fact]
    public void AStartFunctionStopsWhenInstantiationIsCancelled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.CancelAfter(50);

        var trap = Assert.Throws<TrapException>(() => new Instance(SpinningStart, null, InstanceOptions.Default, cancel.Token));

        Assert.Equal(TrapKind.Interrupted, trap.Kind);
    }
}
