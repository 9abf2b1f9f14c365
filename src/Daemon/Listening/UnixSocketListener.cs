using System.Net.Sockets;

namespace Wasmbox.Daemon.Listening;

/// <summary>
/// Opens the daemon's Unix socket: creates its folder, refuses to steal a socket another live
/// daemon is listening on, replaces a stale one, and makes the file accessible to its owner only
/// (or to a group, when asked).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class UnixSocketListener
{
    public static Socket Listen(string path, bool groupAccess = false, int backlog = 128)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);

        if (Path.Exists(path))
        {
            if (IsLive(path)) throw new InvalidOperationException($"another daemon is already listening on {path}");
            File.Delete(path);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            if (groupAccess) mode |= UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
            File.SetUnixFileMode(path, mode);
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A socket file is live when something accepts connections on it.</summary>
    private static bool IsLive(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
