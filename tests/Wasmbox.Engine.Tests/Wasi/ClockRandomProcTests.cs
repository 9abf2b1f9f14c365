using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>clock_res_get, clock_time_get, random_get, proc_exit, proc_raise, sched_yield.</summary>
public sealed class ClockRandomProcTests : IDisposable
{
    private readonly WasiHarness _wasi = new();

    public void Dispose() => _wasi.Dispose();

    [Theory]
    [InlineData(ClockId.Realtime)]
    [InlineData(ClockId.Monotonic)]
    [InlineData(ClockId.ProcessCputime)]
    [InlineData(ClockId.ThreadCputime)]
    public void EveryClockHasANonZeroResolutionAndATime(ClockId clock)
    {
        var result = _wasi.Alloc(8);
        Assert.Equal(Errno.Success, _wasi.Call("clock_res_get", (ulong)clock, result));
        Assert.InRange(_wasi.U64(result), 1UL, 1_000_000_000UL);
        Assert.Equal(Errno.Success, _wasi.Call("clock_time_get", (ulong)clock, 0, result));
        Assert.True(_wasi.U64(result) > 0);
    }

    [Fact]
    public void RealtimeIsNanosecondsSinceTheEpoch()
    {
        var result = _wasi.Alloc(8);
        Assert.Equal(Errno.Success, _wasi.Call("clock_time_get", (ulong)ClockId.Realtime, 1, result));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.InRange((long)(_wasi.U64(result) / 1_000_000), now - 5_000, now + 5_000);
    }

    [Fact]
    public void MonotonicNeverGoesBack()
    {
        var result = _wasi.Alloc(8);
        ulong previous = 0;
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(Errno.Success, _wasi.Call("clock_time_get", (ulong)ClockId.Monotonic, 0, result));
            Assert.True(_wasi.U64(result) >= previous);
            previous = _wasi.U64(result);
        }
    }

    [Fact]
    public void UnknownClocksAndBadPointersAreRefused()
    {
        Assert.Equal(Errno.Inval, _wasi.Call("clock_res_get", 4, _wasi.Alloc(8)));
        Assert.Equal(Errno.Inval, _wasi.Call("clock_time_get", 4, 0, _wasi.Alloc(8)));
        Assert.Equal(Errno.Fault, _wasi.Call("clock_time_get", 0, 0, (ulong)_wasi.Memory.Size - 7));
        Assert.Equal(Errno.Fault, _wasi.Call("clock_res_get", 0, (ulong)_wasi.Memory.Size));
    }

    [Fact]
    public void RandomGetFillsTheBuffer()
    {
        var buffer = _wasi.Alloc(1024);
        Assert.Equal(Errno.Success, _wasi.Call("random_get", buffer, 1024));
        Assert.Contains(_wasi.Bytes(buffer, 1024), b => b != 0);
        Assert.Equal(Errno.Success, _wasi.Call("random_get", buffer, 0));
        Assert.Equal(Errno.Success, _wasi.Call("random_get", (ulong)_wasi.Memory.Size, 0));
        Assert.Equal(Errno.Fault, _wasi.Call("random_get", (ulong)_wasi.Memory.Size - 10, 11));
    }

    [Theory]
    [InlineData(0u, 0)]
    [InlineData(33u, 33)]
    [InlineData(uint.MaxValue, -1)]
    public void ProcExitEndsTheGuestWithItsCode(uint code, int expected)
    {
        var exit = Assert.Throws<WasiExitException>(() => _wasi.Call("proc_exit", code));
        Assert.Equal(expected, exit.ExitCode);
    }

    [Fact]
    public void ProcRaiseIsNotSupportedAndSchedYieldIs()
    {
        Assert.Equal(Errno.Nosys, _wasi.Call("proc_raise", 6));
        Assert.Equal(Errno.Success, _wasi.Call("sched_yield"));
    }
}
