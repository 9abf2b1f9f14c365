using System.Net.Sockets;
using System.Text;

namespace Wasmbox.Daemon.Systemd;

/// <summary>
/// sd_notify: tells systemd about the service's state (READY=1, STOPPING=1, STATUS=...) through the
/// datagram socket named in $NOTIFY_SOCKET. Does nothing when the variable is absent (not under
/// systemd, or Type= is not notify). A name starting with '@' is in the abstract namespace.
/// </summary>
public sealed class SystemdNotifier
{
    private readonly string? _socketPath;

    public SystemdNotifier(string? socketPath = null)
    {
        _socketPath = socketPath ?? Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
    }

    public bool IsEnabled => !string.IsNullOrEmpty(_socketPath);

    public void Ready() => Notify("READY=1");

    public void Stopping() => Notify("STOPPING=1");

    public void Status(string status) => Notify($"STATUS={status}");

    /// <summary>Sends one state message. Failures are ignored: a lost notification must never stop the service.</summary>
    public void Notify(string state)
    {
        if (!IsEnabled) return;
        try
        {
            // The abstract namespace is spelled with a leading NUL on the wire.
            var path = _socketPath![0] == '@' ? "\0" + _socketPath[1..] : _socketPath;
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send(Encoding.UTF8.GetBytes(state));
        }
        catch (SocketException)
        {
        }
    }
}
