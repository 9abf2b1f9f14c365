using Wasmbox.Daemon.Tests.Support;
using static Wasmbox.Daemon.Tests.Support.RawProtocol;

namespace Wasmbox.Daemon.Tests.Hostile;

/// <summary>Stopping the daemon (SIGTERM's path) is not held up by a client that stalls or stops reading.</summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    /// <summary>Far longer than the 2 s drain the test daemon allows: only a hang exceeds it.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(60);

    private readonly RunningDaemon _daemon = new();

    public Task InitializeAsync() => _daemon.InitializeAsync();

    public Task DisposeAsync() => Task.CompletedTask; // each test stops the daemon itself

    [Fact]
    public async Task AClientThatStopsReadingDoesNotKeepTheDaemonFromStopping()
    {
        using var hostile = await RawConnection.ConnectAsync(_daemon.SocketPath);
        string instance = await RawProtocol.InstantiateAsync(hostile, TestModules.HostCalls,
            "[{\"module\":\"env\",\"name\":\"twice\"},{\"module\":\"env\",\"name\":\"peek\"}]");
        string read = Request(3, "instance/memory/read", $"{{\"instanceId\":\"{instance}\",\"offset\":0,\"length\":65536}}");
        await hostile.SendAsync(string.Concat(Enumerable.Repeat(read + "\n", 64)));
        await using (var other = await Bystander.StartAsync(_daemon.SocketPath))
            await other.CallSucceedsAsync(); // meanwhile the daemon reads the requests and stalls writing their answers

        await _daemon.DisposeAsync().WaitAsync(StopLimit);
    }

    [Fact]
    public async Task AClientStalledInTheMiddleOfAFrameDoesNotKeepTheDaemonFromStopping()
    {
        using var hostile = await RawConnection.ConnectAsync(_daemon.SocketPath);
        await hostile.SendAsync("Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",");
        await Bystander.NewSessionSucceedsAsync(_daemon.SocketPath);

        await _daemon.DisposeAsync().WaitAsync(StopLimit);
        Assert.True(await hostile.ClosedByDaemonAsync());
    }
}
