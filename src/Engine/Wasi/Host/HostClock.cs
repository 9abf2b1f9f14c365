using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Wasi.Host;

/// <summary>
/// The four WASI clocks, read with clock_gettime(2): WASI's clock ids are Linux's. The process
/// and thread CPU clocks measure the host process and the thread running the guest.
/// </summary>
internal static unsafe class HostClock
{
    /// <summary>The clock's current value in nanoseconds; <c>inval</c> for an id WASI does not define.</summary>
    public static Errno TryGetTime(uint clock, out ulong nanoseconds)
    {
        nanoseconds = 0;
        if (clock > (uint)ClockId.ThreadCputime) return Errno.Inval;
        TimeSpec time;
        if (Syscalls.clock_gettime((int)clock, &time) != 0) return LinuxErrno.ToWasi(Syscalls.LastError);
        nanoseconds = ToNanoseconds(time);
        return Errno.Success;
    }

    /// <summary>The clock's resolution in nanoseconds (never 0, as WASI requires).</summary>
    public static Errno TryGetResolution(uint clock, out ulong nanoseconds)
    {
        nanoseconds = 0;
        if (clock > (uint)ClockId.ThreadCputime) return Errno.Inval;
        TimeSpec resolution;
        if (Syscalls.clock_getres((int)clock, &resolution) != 0) return LinuxErrno.ToWasi(Syscalls.LastError);
        nanoseconds = Math.Max(1, ToNanoseconds(resolution));
        return Errno.Success;
    }

    private static ulong ToNanoseconds(TimeSpec time) =>
        time.Seconds < 0 ? 0 : (ulong)time.Seconds * 1_000_000_000UL + (ulong)time.Nanoseconds;
}
