using System.Net.Sockets;
using Wasmbox.Daemon.Listening;
using Wasmbox.Daemon.Systemd;

namespace Wasmbox.Daemon.Hosting;

/// <summary>The socket the daemon accepts on: systemd's when socket-activated, else its own at the configured or default path.</summary>
internal sealed class ListeningSocket : IDisposable
{
    private ListeningSocket(Socket socket, string endpoint, string? ownedPath)
    {
        Socket = socket;
        Endpoint = endpoint;
        _ownedPath = ownedPath;
    }

    /// <summary>The file the daemon created and removes on exit; null for systemd's socket, which outlives us.</summary>
    private readonly string? _ownedPath;

    public Socket Socket { get; }
    public string Endpoint { get; }
    public bool Activated => _ownedPath is null;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static ListeningSocket Open(DaemonOptions options)
    {
        if (SocketActivation.TakeListeningSocket() is { } activated)
            return new ListeningSocket(activated, activated.LocalEndPoint?.ToString() ?? "fd 3", null);
        var path = Path.GetFullPath(options.SocketPath ?? SocketPaths.Default());
        return new ListeningSocket(UnixSocketListener.Listen(path, options.GroupAccess), path, path);
    }

    public void Dispose()
    {
        Socket.Dispose();
        if (_ownedPath is not null)
        {
            try
            {
                File.Delete(_ownedPath);
            }
            catch (IOException)
            {
                // Gone already or not ours to remove: the next daemon replaces a stale socket anyway.
            }
        }
    }
}
