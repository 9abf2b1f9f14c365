using System.Diagnostics;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Wasi.Host;

/// <summary>One host descriptor to wait on, and what poll(2) said about it.</summary>
internal sealed class PollTarget(HostFd fd, bool forWriting)
{
    public HostFd Fd { get; } = fd;
    public bool ForWriting { get; } = forWriting;
    public bool Ready { get; set; }
    public bool HungUp { get; set; }
}

/// <summary>poll(2) over host descriptors (FIFOs, devices) for <c>poll_oneoff</c>.</summary>
internal static unsafe class HostPoll
{
    /// <summary>
    /// Waits until one target is ready or <paramref name="timeout"/> passes (null: no limit; zero:
    /// just look), marking the ready ones. Interruptions are retried with what is left of the time.
    /// </summary>
    public static Errno Wait(IReadOnlyList<PollTarget> targets, TimeSpan? timeout)
    {
        var fds = new PollFd[targets.Count];
        var referenced = 0;
        try
        {
            for (; referenced < targets.Count; referenced++)
            {
                var added = false;
                targets[referenced].Fd.DangerousAddRef(ref added);
                fds[referenced] = new PollFd
                {
                    Fd = (int)targets[referenced].Fd.DangerousGetHandle(),
                    Events = targets[referenced].ForWriting ? PollFd.Out : PollFd.In,
                };
            }

            var started = Stopwatch.GetTimestamp();
            while (true)
            {
                var milliseconds = timeout is { } limit
                    ? (int)Math.Clamp(Math.Ceiling((limit - Stopwatch.GetElapsedTime(started)).TotalMilliseconds), 0, int.MaxValue)
                    : -1;
                int result;
                fixed (PollFd* pointer = fds) result = Syscalls.poll(pointer, (nuint)fds.Length, milliseconds);
                if (result >= 0) break;
                if (Syscalls.LastError != LinuxErrno.EINTR) return LinuxErrno.ToWasi(Syscalls.LastError);
            }

            for (var i = 0; i < fds.Length; i++)
            {
                targets[i].Ready = fds[i].ReturnedEvents != 0;
                targets[i].HungUp = (fds[i].ReturnedEvents & PollFd.HangUp) != 0;
            }

            return Errno.Success;
        }
        finally
        {
            for (var i = 0; i < referenced; i++) targets[i].Fd.DangerousRelease();
        }
    }
}
