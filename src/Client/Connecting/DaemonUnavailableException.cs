namespace Wasmbox.Client.Connecting;

/// <summary>No daemon accepted a connection on the socket, even after retrying.</summary>
public sealed class DaemonUnavailableException : Exception
{
    public DaemonUnavailableException(string socketPath, Exception inner)
        : base($"No Wasmbox daemon answers at {socketPath} ({inner.Message}). Start one with 'wasmbox serve' or 'systemctl start wasmbox.socket'.", inner)
    {
        SocketPath = socketPath;
    }

    public DaemonUnavailableException() : base("No Wasmbox daemon answers") => SocketPath = "";

    public DaemonUnavailableException(string message) : base(message) => SocketPath = "";

    public string SocketPath { get; }
}
