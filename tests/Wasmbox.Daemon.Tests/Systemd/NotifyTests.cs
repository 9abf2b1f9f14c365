using System.Net.Sockets;
using System.Text;
using Wasmbox.Client;
using Wasmbox.Daemon.Tests.Support;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Daemon.Tests.Systemd;

/// <summary>
/// Type=notify as systemd runs it: the built daemon as a real process, $NOTIFY_SOCKET naming a
/// datagram socket this test owns in systemd's place, and SIGTERM to stop it.
/// </summary>
public sealed class NotifyTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("wasmbox-notify-").FullName;
    private readonly Socket _notifications = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    private string NotifyPath => Path.Combine(_folder, "notify.sock");
    private string SocketPath => Path.Combine(_folder, "d.sock");

    public Task InitializeAsync()
    {
        _notifications.Bind(new UnixDomainSocketEndPoint(NotifyPath));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _notifications.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ReadyWhenItAcceptsThenOnSigtermStoppingDrainsTheCallInFlightAndExitsZero()
    {
        await using var daemon = DaemonProcess.Start([], ["--socket", SocketPath, "--Daemon:DrainTimeout=00:01:00"],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = NotifyPath });

        Assert.Equal("READY=1", await NextNotificationAsync(daemon));

        // Ready means accepting: one plain connect, no retries.
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await using var client = await WasmboxClient.ConnectAsync(SocketPath, new WasmboxClientOptions { RequestTimeout = Patience });

        // A call that stays in flight until the test lets its host function return.
        var hostCallStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DefineFunction("env", "twice", [WireValueType.I32], [WireValueType.I32], async (args, _) =>
        {
            hostCallStarted.TrySetResult();
            await release.Task;
            return [WireValue.I32(args[0].AsI32() * 2)];
        });
        client.DefineFunction("env", "peek", [WireValueType.I32, WireValueType.I32], [WireValueType.I32], args => args[..1]);
        var module = await client.CompileAsync(TestModules.HostCalls);
        var instance = await client.CreateInstanceAsync(module.ModuleId);
        var call = client.InvokeAsync(instance.InstanceId, "run", [WireValue.I32(20)], TimeSpan.FromMinutes(2));
        await hostCallStarted.Task.WaitAsync(Patience);

        await daemon.TerminateAsync();
        Assert.Equal("STOPPING=1", await NextNotificationAsync(daemon));

        // Stopping waits for the call; once it may finish, it is answered in full and the daemon exits 0.
        Assert.False(call.IsCompleted, "the call in flight ended before its host function returned");
        release.SetResult();
        Assert.Equal(41, Assert.Single(await call.WaitAsync(Patience)).AsI32());
        Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
        Assert.False(Path.Exists(SocketPath), "the daemon left its socket behind");
        Assert.Null(await NotificationIfAnyAsync());
    }

    private async Task<string> NextNotificationAsync(DaemonProcess daemon) =>
        await NotificationIfAnyAsync(Patience) ?? throw new Xunit.Sdk.XunitException($"no notification within {Patience}; the daemon printed:\n{daemon.Output}");

    /// <summary>The next datagram on the notify socket; null if none is waiting (or none comes within <paramref name="wait"/>).</summary>
    private async Task<string?> NotificationIfAnyAsync(TimeSpan? wait = null)
    {
        var buffer = new byte[4096];
        if (wait is null)
            return _notifications.Available > 0 ? Encoding.UTF8.GetString(buffer, 0, _notifications.Receive(buffer)) : null;
        using var timeout = new CancellationTokenSource(wait.Value);
        try
        {
            int read = await _notifications.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
