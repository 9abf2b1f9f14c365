using System.Net.Sockets;
using Wasmbox.Client;
using Wasmbox.Client.Connecting;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Cli.Running;

/// <summary>
/// The daemon a run talks to: the one $WASMBOX_SOCKET names (no fallback: it was asked for), else
/// the shared one at the default socket when it answers at once, else a private one started for the
/// run (allowed exactly the run's folders).
/// </summary>
internal sealed class DaemonConnection
{
    private PrivateDaemon? _private;
    private JsonRpcConnection? _connection;

    /// <summary>The connection, not yet started (its handlers are registered first).</summary>
    public JsonRpcConnection Connection => _connection ?? throw new InvalidOperationException("not connected");

    public string SocketPath { get; private set; } = "";

    public bool IsPrivate => _private is not null;

    public async Task OpenAsync(RunOptions options, CancellationToken cancellation)
    {
        if (!options.PrivateDaemon && Environment.GetEnvironmentVariable("WASMBOX_SOCKET") is { Length: > 0 } chosen)
        {
            // A socket named explicitly is the daemon to use: waited for briefly (it may be starting), never replaced.
            SocketPath = chosen;
            Open(await SocketConnector.ConnectAsync(SocketPath, new WasmboxClientOptions(), cancellation));
            return;
        }

        if (!options.PrivateDaemon)
        {
            SocketPath = DefaultSocketPath.Resolve();
            try
            {
                // No retries: a shared daemon is either there or not, and the private one is the fallback.
                Open(await SocketConnector.ConnectAsync(SocketPath, new WasmboxClientOptions { ConnectRetries = 0 }, cancellation));
                return;
            }
            catch (DaemonUnavailableException)
            {
            }
        }

        _private = await PrivateDaemon.StartAsync(options.Directories.Select(d => d.Host), cancellation);
        SocketPath = _private.SocketPath;
        Open(await SocketConnector.ConnectAsync(SocketPath, new WasmboxClientOptions(), cancellation));
    }

    private void Open(Socket socket) => _connection = new JsonRpcConnection(new NetworkStream(socket, ownsSocket: true));

    /// <summary>
    /// For a process that ends right after: lets the private daemon go, and leaves the connection to
    /// close with the process. The daemon frees the session when the socket closes, whoever closes
    /// it; closing the connection in order (stopping its reading loop, completing its pipes) would
    /// cost this short-lived process more start-up work than the rest of its end (docs/design.md,
    /// "Start-up"). All the guest's output has been written by then: it arrives before the call's response.
    /// </summary>
    public void ReleaseAtExit() => _private?.Dispose();
}
