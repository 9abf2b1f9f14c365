using System.Net.Sockets;

namespace Wasmbox.Daemon.Systemd;

/// <summary>
/// systemd socket activation: when $LISTEN_PID names this process and $LISTEN_FDS is at least 1,
/// the listening socket is already open as file descriptor 3 (SD_LISTEN_FDS_START).
/// </summary>
public static class SocketActivation
{
    private const int FirstDescriptor = 3;

    /// <summary>The socket systemd passed, or null when the process was not socket-activated.</summary>
    public static Socket? TakeListeningSocket()
    {
        var pid = Environment.GetEnvironmentVariable("LISTEN_PID");
        var fds = Environment.GetEnvironmentVariable("LISTEN_FDS");
        if (pid is null || fds is null) return null;
        if (!int.TryParse(pid, out var listenPid) || listenPid != Environment.ProcessId) return null;
        if (!int.TryParse(fds, out var count) || count < 1) return null;

        // The variables are for this process only: children must not think they were activated.
        Environment.SetEnvironmentVariable("LISTEN_PID", null);
        Environment.SetEnvironmentVariable("LISTEN_FDS", null);
        Environment.SetEnvironmentVariable("LISTEN_FDNAMES", null);
        return new Socket(new SafeSocketHandle(FirstDescriptor, ownsHandle: true));
    }
}
