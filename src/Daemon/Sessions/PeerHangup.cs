using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Wasmbox.Daemon.Sessions;

/// <summary>
/// Notices a client that closed its socket altogether while its requests still run. Reading alone
/// cannot tell: the end of the stream also comes from a client that only finished sending and waits
/// for its answers, and the connection then lets running requests finish. A client that closed
/// entirely leaves our end of the Unix socket shut both ways, which poll reports as POLLHUP; then no
/// answer can reach anyone, and the session should end at once rather than when its guests' deadlines pass.
/// </summary>
internal static class PeerHangup
{
    private const short PollHup = 0x10;

    /// <summary>Only while requests run: an idle session learns of the end of its stream by reading.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>True once the peer has hung up while <paramref name="busy"/> said requests were running; false when cancelled.</summary>
    public static async Task<bool> WaitAsync(Socket socket, Func<bool> busy, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                if (busy() && HungUp(socket)) return true;
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended first.
        }

        return false;
    }

    private static bool HungUp(Socket socket)
    {
        var handle = socket.SafeHandle;
        bool referenced = false;
        try
        {
            handle.DangerousAddRef(ref referenced);
            // No events asked for: poll reports POLLHUP (and errors) regardless, and returns at once.
            var entry = new PollEntry { Descriptor = (int)handle.DangerousGetHandle() };
            return poll(ref entry, 1, 0) == 1 && (entry.ReturnedEvents & PollHup) != 0;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (referenced) handle.DangerousRelease();
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollEntry
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    // DllImport rather than LibraryImport: a blittable ref needs no unsafe code in this assembly.
    [DllImport("libc")]
    private static extern int poll(ref PollEntry entries, nuint count, int timeoutMilliseconds);
}
