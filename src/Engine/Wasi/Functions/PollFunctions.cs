using System.Diagnostics;
using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Descriptors;
using Wasmbox.Engine.Wasi.Host;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>
/// poll_oneoff: wait until at least one subscription has an event, then report every event that
/// has one. Clock subscriptions fire when their time comes. fd subscriptions on regular files and
/// on the stdio streams are always ready (the witx says so for files; a Stream has no readiness
/// to ask, so a read may still block); on host FIFOs and devices they wait with poll(2).
/// </summary>
/// <remarks>
/// A subscription that cannot be served (a closed descriptor, missing rights, an unknown clock)
/// is an event carrying that error, not a failure of the call, so the other subscriptions still
/// work. Only the realtime and monotonic clocks can time out: a CPU-time clock does not advance
/// while the guest sleeps, so waiting on one is <c>notsup</c>.
/// </remarks>
internal static class PollFunctions
{
    public static Errno PollOneoff(WasiContext context, IGuestMemory memory, uint input, uint output, uint count, uint resultPointer)
    {
        if (count == 0) return Errno.Inval;
        var inputSize = (ulong)count * Layouts.Subscription.Size;
        if (inputSize > uint.MaxValue
            || !memory.TryGetSpan(input, (uint)inputSize, out var records)
            || !memory.Contains(output, (ulong)count * Layouts.Event.Size)
            || !memory.Contains(resultPointer, 4))
        {
            return Errno.Fault;
        }

        var subscriptions = new Subscription[count];
        for (var i = 0; i < subscriptions.Length; i++)
        {
            if (!Subscription.TryDecode(records.Slice(i * Layouts.Subscription.Size, Layouts.Subscription.Size), out subscriptions[i])) return Errno.Inval;
        }

        var events = Poll(context, subscriptions);
        for (var i = 0; i < events.Count; i++)
        {
            memory.TryGetSpan(output + (uint)(i * Layouts.Event.Size), Layouts.Event.Size, out var record);
            events[i].WriteTo(record);
        }

        memory.TryWriteUInt32(resultPointer, (uint)events.Count);
        return Errno.Success;
    }

    private static List<Event> Poll(WasiContext context, Subscription[] subscriptions)
    {
        var started = Stopwatch.GetTimestamp();
        var events = new List<Event>();
        var clocks = new List<(Subscription Subscription, TimeSpan Due)>();
        var waits = new List<(Subscription Subscription, PollTarget Target)>();

        foreach (var subscription in subscriptions)
        {
            if (subscription.Type == EventType.Clock)
            {
                var errno = TimeUntil(subscription, out var due);
                if (errno == Errno.Success) clocks.Add((subscription, due));
                else events.Add(new Event(subscription.Userdata, errno, EventType.Clock));
            }
            else
            {
                var errno = Readiness(context, subscription, out var ready, out var target);
                if (target is not null) waits.Add((subscription, target));
                else events.Add(ready ?? new Event(subscription.Userdata, errno, subscription.Type));
            }
        }

        // Until something has an event: sleep until the first clock is due or a host descriptor is ready.
        while (true)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            TimeSpan? timeout = events.Count > 0 ? TimeSpan.Zero
                : clocks.Count > 0 ? Max(clocks.Min(c => c.Due) - elapsed, TimeSpan.Zero)
                : null;

            if (waits.Count > 0)
            {
                var errno = HostPoll.Wait(waits.Select(w => w.Target).ToList(), timeout);
                foreach (var (subscription, target) in waits)
                {
                    if (errno != Errno.Success) events.Add(new Event(subscription.Userdata, errno, subscription.Type));
                    else if (target.Ready) events.Add(new Event(subscription.Userdata, Errno.Success, subscription.Type, 0, target.HungUp ? EventRwFlags.FdReadwriteHangup : EventRwFlags.None));
                }
            }
            else if (timeout is { } sleep)
            {
                SleepFor(sleep);
            }

            var now = Stopwatch.GetElapsedTime(started);
            foreach (var (subscription, due) in clocks)
            {
                if (due <= now) events.Add(new Event(subscription.Userdata, Errno.Success, EventType.Clock));
            }

            if (events.Count > 0) break;
        }

        return events;
    }

    /// <summary>How long from now until a clock subscription fires.</summary>
    private static Errno TimeUntil(Subscription subscription, out TimeSpan due)
    {
        due = TimeSpan.Zero;
        if (subscription.ClockId > (uint)ClockId.ThreadCputime) return Errno.Inval;
        if (subscription.ClockId is not ((uint)ClockId.Realtime or (uint)ClockId.Monotonic)) return Errno.Notsup;

        var nanoseconds = subscription.Timeout;
        if (subscription.AbsoluteTime)
        {
            var errno = HostClock.TryGetTime(subscription.ClockId, out var now);
            if (errno != Errno.Success) return errno;
            nanoseconds = subscription.Timeout > now ? subscription.Timeout - now : 0;
        }

        // TimeSpan counts 100 ns ticks; round up so we never fire early. Far futures saturate.
        var ticks = nanoseconds / 100 + (nanoseconds % 100 == 0 ? 0UL : 1UL);
        due = ticks >= (ulong)TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
        return Errno.Success;
    }

    /// <summary>
    /// For an fd subscription: an event right away (<paramref name="ready"/>), a host descriptor to
    /// wait on (<paramref name="target"/>), or neither and an errno.
    /// </summary>
    private static Errno Readiness(WasiContext context, Subscription subscription, out Event? ready, out PollTarget? target)
    {
        ready = null;
        target = null;
        var access = subscription.Type == EventType.FdRead ? Rights.FdRead : Rights.FdWrite;
        var errno = context.Descriptors.Get(subscription.Fd, Rights.PollFdReadwrite | access, out var descriptor);
        if (errno != Errno.Success) return errno;

        if (descriptor is FileDescriptor { FileType: not FileType.RegularFile } file)
        {
            target = new PollTarget(file.Fd, forWriting: subscription.Type == EventType.FdWrite);
            return Errno.Success;
        }

        ready = new Event(subscription.Userdata, Errno.Success, subscription.Type, BytesAvailable(descriptor, subscription.Type));
        return Errno.Success;
    }

    /// <summary>For reading a regular file, the bytes between the offset and the end; 0 where that is unknowable.</summary>
    private static ulong BytesAvailable(Descriptor descriptor, EventType type)
    {
        if (type != EventType.FdRead || descriptor is not FileDescriptor file) return 0;
        if (file.GetFilestat(out var stat) != Errno.Success || file.Seek(0, Whence.Cur, out var offset) != Errno.Success) return 0;
        return stat.Size > offset ? stat.Size - offset : 0;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Sleeps for <paramref name="duration"/>; Thread.Sleep may wake early, so check and go on.</summary>
    private static void SleepFor(TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var left = duration - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) return;
            var milliseconds = Math.Min(Math.Ceiling(left.TotalMilliseconds), int.MaxValue - 1);
            Thread.Sleep(TimeSpan.FromMilliseconds(milliseconds));
        }
    }
}
