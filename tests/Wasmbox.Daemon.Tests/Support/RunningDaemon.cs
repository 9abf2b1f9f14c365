using Microsoft.Extensions.Hosting;
using Wasmbox.Client;
using Wasmbox.Daemon.Hosting;

namespace Wasmbox.Daemon.Tests.Support;

/// <summary>A real daemon on a socket in a fresh temporary folder, stopped (SIGTERM's path) and removed on dispose.</summary>
public sealed class RunningDaemon : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wasmbox-daemon-").FullName;
    private readonly Action<DaemonOptions>? _configure;
    private IHost? _host;

    /// <param name="configure">Changes to the test defaults below (a smaller session limit, say).</param>
    public RunningDaemon(Action<DaemonOptions>? configure = null) => _configure = configure;

    public string SocketPath => Path.Combine(_folder, "d.sock");

    public async Task InitializeAsync()
    {
        _host = DaemonHost.Build([], SocketPath, options =>
        {
            options.MaxSessions = 16;
            options.DrainTimeout = TimeSpan.FromSeconds(2);
            _configure?.Invoke(options);
        });
        await _host.StartAsync();
    }

    public Task<WasmboxClient> ConnectAsync() => WasmboxClient.ConnectAsync(SocketPath);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
