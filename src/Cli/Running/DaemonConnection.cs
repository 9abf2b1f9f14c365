using Wasmbox.Client;
using Wasmbox.Client.Connecting;

namespace Wasmbox.Cli.Running;

/// <summary>
/// The daemon a run talks to: the one $WASMBOX_SOCKET names (no fallback: it was asked for), else
/// the shared one at the default socket when it answers at once, else a private one started for the
/// run (allowed exactly the run's folders).
/// </summary>
internal sealed class DaemonConnection : IAsyncDisposable
{
    private PrivateDaemon? _private;
    private WasmboxClient? _client;

    public WasmboxClient Client => _client ?? throw new InvalidOperationException("not connected");

    public string SocketPath { get; private set; } = "";

    public bool IsPrivate => _private is not null;

    public async Task OpenAsync(RunOptions options, CancellationToken cancellation)
    {
        if (!options.PrivateDaemon && Environment.GetEnvironmentVariable("WASMBOX_SOCKET") is { Length: > 0 } chosen)
        {
            // A socket named explicitly is the daemon to use: waited for briefly (it may be starting), never replaced.
            SocketPath = chosen;
            _client = await WasmboxClient.ConnectAsync(SocketPath, cancellationToken: cancellation);
            return;
        }

        if (!options.PrivateDaemon)
        {
            SocketPath = DefaultSocketPath.Resolve();
            try
            {
                // No retries: a shared daemon is either there or not, and the private one is the fallback.
                _client = await WasmboxClient.ConnectAsync(SocketPath, new WasmboxClientOptions { ConnectRetries = 0 }, cancellation);
                return;
            }
            catch (DaemonUnavailableException)
            {
            }
        }

        _private = await PrivateDaemon.StartAsync(options.Directories.Select(d => d.Host), cancellation);
        SocketPath = _private.SocketPath;
        _client = await WasmboxClient.ConnectAsync(SocketPath, cancellationToken: cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null) await _client.DisposeAsync();
        _private?.Dispose();
    }
}
