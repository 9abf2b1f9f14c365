using System.Net.Sockets;
using System.Text;
using Wasmbox.Daemon.Tests.Support;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Daemon.Tests;

/// <summary>A session that loops, misbehaves or vanishes never holds up another.</summary>
public sealed class IsolationTests : IAsyncLifetime
{
    private readonly RunningDaemon _daemon = new();

    public Task InitializeAsync() => _daemon.InitializeAsync();

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [Fact]
    public async Task ASecondSessionWorksWhileTheFirstLoops()
    {
        await using var looping = await _daemon.ConnectAsync();
        var loopModule = await looping.CompileAsync(TestModules.Arithmetic);
        var loopInstance = await looping.CreateInstanceAsync(loopModule.ModuleId);
        var loop = looping.InvokeAsync(loopInstance.InstanceId, "spin", [], TimeSpan.FromSeconds(3));

        await using var other = await _daemon.ConnectAsync();
        var started = DateTime.UtcNow;
        Assert.Equal(5, await AddAsync(other, 2, 3));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "the second session waited for the first");
        Assert.False(loop.IsCompleted);
        await Assert.ThrowsAsync<Wasmbox.Protocol.JsonRpc.RemoteRpcException>(() => loop);
    }

    [Fact]
    public async Task AClientThatDisconnectsMidInvokeDisturbsNoOne()
    {
        var leaving = await _daemon.ConnectAsync();
        var module = await leaving.CompileAsync(TestModules.Arithmetic);
        var instance = await leaving.CreateInstanceAsync(module.ModuleId);
        var loop = leaving.InvokeAsync(instance.InstanceId, "spin", [], TimeSpan.FromSeconds(2));
        await Task.Delay(100);
        await leaving.DisposeAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => loop);

        await using var other = await _daemon.ConnectAsync();
        Assert.Equal(7, await AddAsync(other, 3, 4));
    }

    [Theory]
    [InlineData("\u0001\u0002garbage\n")]
    [InlineData("Content-Length: 9999999999\r\n\r\n")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\n")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"no/such/method\"}\n")]
    public async Task BadInputOnOneConnectionLeavesOthersWorking(string input)
    {
        await using var other = await _daemon.ConnectAsync();
        var module = await other.CompileAsync(TestModules.Arithmetic);
        var instance = await other.CreateInstanceAsync(module.ModuleId);

        using var hostile = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await hostile.ConnectAsync(new UnixDomainSocketEndPoint(_daemon.SocketPath));
        await hostile.SendAsync(Encoding.UTF8.GetBytes(input));
        var answer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        int read = await hostile.ReceiveAsync(answer, SocketFlags.None, timeout.Token);
        var text = Encoding.UTF8.GetString(answer, 0, read);
        Assert.Contains("\"error\"", text, StringComparison.Ordinal);

        Assert.Equal(9, (await other.InvokeAsync(instance.InstanceId, "add", [WireValue.I32(4), WireValue.I32(5)]))[0].AsI32());
        await using var fresh = await _daemon.ConnectAsync();
        Assert.Equal(11, await AddAsync(fresh, 5, 6));
    }

    private static async Task<int> AddAsync(Wasmbox.Client.WasmboxClient client, int a, int b)
    {
        var module = await client.CompileAsync(TestModules.Arithmetic);
        var instance = await client.CreateInstanceAsync(module.ModuleId);
        return (await client.InvokeAsync(instance.InstanceId, "add", [WireValue.I32(a), WireValue.I32(b)]))[0].AsI32();
    }
}
