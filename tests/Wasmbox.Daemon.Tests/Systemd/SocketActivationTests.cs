using Wasmbox.Client;
using Wasmbox.Daemon.Tests.Support;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Daemon.Tests.Systemd;

/// <summary>
/// The built daemon started by systemd-socket-activate, which does what systemd does for
/// wasmbox.socket: it listens, and on the first connection starts the daemon with the listening
/// socket as fd 3 and LISTEN_PID/LISTEN_FDS/LISTEN_FDNAMES set.
/// </summary>
public sealed class SocketActivationTests : IAsyncLifetime
{
    /// <summary>A daemon that never answers fails the test rather than hanging it.</summary>
    private static readonly WasmboxClientOptions Patient = new() { ConnectRetries = 10, RequestTimeout = TimeSpan.FromSeconds(60) };

    private readonly string _folder = Directory.CreateTempSubdirectory("wasmbox-activation-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [ProgramFact("systemd-socket-activate", "systemd")]
    public async Task TheDaemonServesOnTheSocketItWasGivenAndLeavesItInPlace()
    {
        string activated = Path.Combine(_folder, "activated.sock");
        string ownPath = Path.Combine(_folder, "own.sock");
        await using var daemon = DaemonProcess.Start(
            ["systemd-socket-activate", "--listen", activated, "--fdname=wasmbox"],
            ["--socket", ownPath]);

        // The first connection starts the daemon; a second one, while the first is open, is served alongside.
        await using var first = await WasmboxClient.ConnectAsync(activated, Patient);
        Assert.Equal(42, await AddAsync(first, 40, 2));
        await using (var second = await WasmboxClient.ConnectAsync(activated, Patient))
            Assert.Equal(7, await AddAsync(second, 3, 4));

        // It took fd 3 from LISTEN_FDS rather than opening the socket it would otherwise have made.
        Assert.False(Path.Exists(ownPath), $"the daemon created its own socket at {ownPath}:\n{daemon.Output}");

        await daemon.TerminateAsync();
        Assert.Equal(0, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        // The socket is systemd's (it outlives the daemon and starts the next one): not removed.
        Assert.True(Path.Exists(activated), "the daemon removed the socket systemd owns");
    }

    private static async Task<int> AddAsync(WasmboxClient client, int a, int b)
    {
        var module = await client.CompileAsync(TestModules.Arithmetic);
        var instance = await client.CreateInstanceAsync(module.ModuleId);
        return (await client.InvokeAsync(instance.InstanceId, "add", [WireValue.I32(a), WireValue.I32(b)]))[0].AsI32();
    }
}
