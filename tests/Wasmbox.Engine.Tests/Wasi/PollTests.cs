using System.Diagnostics;
using System.Runtime.InteropServices;
using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>poll_oneoff with clock and fd subscriptions.</summary>
public sealed partial class PollTests : IDisposable
{
    private readonly WasiHarness _wasi = new();

    public void Dispose() => _wasi.Dispose();

    private sealed record Sub(ulong Userdata, EventType Type, uint ClockOrFd, ulong Timeout = 0, bool Absolute = false);

    private sealed record Ev(ulong Userdata, Errno Error, EventType Type, ulong NBytes, ushort Flags);

    [Fact]
    public void ARelativeClockSleepsAtLeastItsTimeout()
    {
        var watch = Stopwatch.StartNew();
        var events = Poll(new Sub(7, EventType.Clock, (uint)ClockId.Monotonic, Timeout: 30_000_000));
        Assert.True(watch.ElapsedMilliseconds >= 30, $"woke after {watch.ElapsedMilliseconds} ms");
        Assert.Equal([new Ev(7, Errno.Success, EventType.Clock, 0, 0)], events);
    }

    [Fact]
    public void TheEarliestClockWinsAndLaterOnesStayQuiet()
    {
        var events = Poll(
            new Sub(1, EventType.Clock, (uint)ClockId.Monotonic, Timeout: 10_000_000_000),
            new Sub(2, EventType.Clock, (uint)ClockId.Realtime, Timeout: 5_000_000));
        Assert.Equal([2UL], events.Select(e => e.Userdata));
    }

    [Fact]
    public void AnAbsoluteClockInThePastFiresAtOnce()
    {
        var watch = Stopwatch.StartNew();
        var events = Poll(new Sub(3, EventType.Clock, (uint)ClockId.Realtime, Timeout: 1_000, Absolute: true));
        Assert.True(watch.ElapsedMilliseconds < 1000);
        Assert.Equal([3UL], events.Select(e => e.Userdata));

        var now = _wasi.Alloc(8);
        _wasi.Call("clock_time_get", (ulong)ClockId.Monotonic, 0, now);
        watch.Restart();
        events = Poll(new Sub(4, EventType.Clock, (uint)ClockId.Monotonic, Timeout: _wasi.U64(now) + 20_000_000, Absolute: true));
        Assert.True(watch.ElapsedMilliseconds >= 15);
        Assert.Equal([4UL], events.Select(e => e.Userdata));
    }

    [Fact]
    public void ReadyDescriptorsAnswerWithoutWaitingForTheClock()
    {
        // wasi-testsuite poll_oneoff_stdio: stdout and stderr are writable, stdin readable or the clock fires.
        var watch = Stopwatch.StartNew();
        var events = Poll(
            new Sub(1, EventType.FdWrite, 1),
            new Sub(2, EventType.FdWrite, 2),
            new Sub(3, EventType.FdRead, 0),
            new Sub(9, EventType.Clock, (uint)ClockId.Monotonic, Timeout: 10_000_000_000));
        Assert.True(watch.ElapsedMilliseconds < 5000);
        Assert.Equal([1UL, 2, 3], events.Select(e => e.Userdata).Order().ToArray());
        Assert.All(events, e => Assert.Equal(Errno.Success, e.Error));
        Assert.Equal(EventType.FdRead, events.Single(e => e.Userdata == 3).Type);
    }

    [Fact]
    public void RegularFilesAreAlwaysReadyAndTellWhatIsLeft()
    {
        _wasi.CreateHostFile("file", "0123456789");
        var fd = _wasi.OpenOk("file", rights: Rights.FdRead | Rights.FdSeek | Rights.PollFdReadwrite);
        _wasi.Seek(fd, 4, Whence.Set);
        var events = Poll(new Sub(5, EventType.FdRead, fd));
        Assert.Equal([new Ev(5, Errno.Success, EventType.FdRead, 6, 0)], events);
    }

    [Fact]
    public void SubscriptionsThatCannotBeServedReportTheirErrorAsAnEvent()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, Rights.FdRead);
        var events = Poll(
            new Sub(1, EventType.FdRead, 77),
            new Sub(2, EventType.FdRead, fd),         // no poll_fd_readwrite right
            new Sub(3, EventType.FdWrite, 0),         // stdin cannot be written
            new Sub(4, EventType.Clock, 9),           // no such clock
            new Sub(5, EventType.Clock, (uint)ClockId.ThreadCputime, Timeout: 1));
        Assert.Equal(
            [(1UL, Errno.Badf), (2, Errno.Notcapable), (3, Errno.Notcapable), (4, Errno.Inval), (5, Errno.Notsup)],
            events.Select(e => (e.Userdata, e.Error)).Order().ToArray());
    }

    [Fact]
    public void MalformedCallsFailAsAWhole()
    {
        var subscriptions = _wasi.Alloc(48);
        var events = _wasi.Alloc(32);
        var count = _wasi.Alloc(4);
        Assert.Equal(Errno.Inval, _wasi.Call("poll_oneoff", subscriptions, events, 0, count));
        _wasi.Memory.Bytes[subscriptions + 8] = 3; // no such event type
        Assert.Equal(Errno.Inval, _wasi.Call("poll_oneoff", subscriptions, events, 1, count));
        Assert.Equal(Errno.Fault, _wasi.Call("poll_oneoff", (ulong)_wasi.Memory.Size - 40, events, 1, count));
        Assert.Equal(Errno.Fault, _wasi.Call("poll_oneoff", subscriptions, (ulong)_wasi.Memory.Size - 16, 1, count));
        Assert.Equal(Errno.Fault, _wasi.Call("poll_oneoff", subscriptions, events, 1, (ulong)_wasi.Memory.Size));
    }

    [Fact]
    public void HostPipesInsideThePreopenAreReallyWaitedOn()
    {
        Assert.Equal(0, mkfifo(_wasi.HostPath("fifo"), 0x1B6));
        var fd = _wasi.OpenOk("fifo", rights: Rights.FdRead | Rights.PollFdReadwrite, fdflags: FdFlags.Nonblock);

        // No writer has written: the clock fires first.
        var events = Poll(new Sub(1, EventType.FdRead, fd), new Sub(2, EventType.Clock, (uint)ClockId.Monotonic, Timeout: 20_000_000));
        Assert.Equal([2UL], events.Select(e => e.Userdata));

        using var writer = new FileStream(_wasi.HostPath("fifo"), FileMode.Open, FileAccess.Write);
        writer.Write("ping"u8);
        writer.Flush();
        events = Poll(new Sub(1, EventType.FdRead, fd), new Sub(2, EventType.Clock, (uint)ClockId.Monotonic, Timeout: 10_000_000_000));
        Assert.Equal([1UL], events.Select(e => e.Userdata));
        Assert.Equal("ping"u8.ToArray(), _wasi.Read(fd, 10).Data);
    }

    private List<Ev> Poll(params Sub[] subscriptions)
    {
        var input = _wasi.Alloc(48 * subscriptions.Length);
        for (var i = 0; i < subscriptions.Length; i++)
        {
            var record = input + (uint)(48 * i);
            var sub = subscriptions[i];
            _wasi.WriteU64(record, sub.Userdata);
            _wasi.Memory.Bytes[record + 8] = (byte)sub.Type;
            _wasi.WriteU32(record + 16, sub.ClockOrFd);
            _wasi.WriteU64(record + 24, sub.Timeout);
            _wasi.Memory.Bytes[record + 40] = sub.Absolute ? (byte)1 : (byte)0;
        }

        var output = _wasi.Alloc(32 * subscriptions.Length);
        var count = _wasi.Alloc(4);
        Assert.Equal(Errno.Success, _wasi.Call("poll_oneoff", input, output, (uint)subscriptions.Length, count));
        return Enumerable.Range(0, (int)_wasi.U32(count)).Select(i =>
        {
            var record = output + (uint)(32 * i);
            return new Ev(_wasi.U64(record), (Errno)_wasi.U16(record + 8), (EventType)_wasi.Memory.Bytes[record + 10], _wasi.U64(record + 16), _wasi.U16(record + 24));
        }).ToList();
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkfifo(string path, uint mode);
}
