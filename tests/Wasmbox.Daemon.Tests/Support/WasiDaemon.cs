using Microsoft.Extensions.Hosting;
using Wasmbox.Client;
using Wasmbox.Daemon.Hosting;

namespace Wasmbox.Daemon.Tests.Support;

/// <summary>
/// A real daemon allowed to preopen under <see cref="AllowedRoot"/> only, with a sibling folder
/// <see cref="Outside"/> that it must refuse. Everything lives in one temporary folder, removed on dispose.
/// </summary>
public sealed class WasiDaemon : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wasmbox-wasi-").FullName;

    private IHost? _host;

    public string SocketPath => Path.Combine(_folder, "d.sock");

    public string AllowedRoot => Path.Combine(_folder, "allowed");

    public string Outside => Path.Combine(_folder, "outside");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(AllowedRoot);
        Directory.CreateDirectory(Outside);
        _host = DaemonHost.Build([], SocketPath, options =>
        {
            options.AllowedPreopenRoots = [AllowedRoot];
            options.DrainTimeout = TimeSpan.FromSeconds(2);
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
