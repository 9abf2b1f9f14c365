using Wasmbox.Client;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Daemon.Tests.Support;

/// <summary>
/// A well-behaved session, instance ready, kept open while another client misbehaves: each of its
/// calls proves the daemon still serves everyone else.
/// </summary>
public sealed class Bystander : IAsyncDisposable
{
    private readonly WasmboxClient _client;
    private readonly string _instanceId;
    private int _calls;

    private Bystander(WasmboxClient client, string instanceId)
    {
        _client = client;
        _instanceId = instanceId;
    }

    public static async Task<Bystander> StartAsync(string socketPath)
    {
        var client = await WasmboxClient.ConnectAsync(socketPath);
        var module = await client.CompileAsync(TestModules.Arithmetic);
        var instance = await client.CreateInstanceAsync(module.ModuleId);
        return new Bystander(client, instance.InstanceId);
    }

    /// <summary>Calls add(n, 1000) and checks the answer; each call uses a new n.</summary>
    public async Task CallSucceedsAsync()
    {
        int n = Interlocked.Increment(ref _calls);
        var results = await _client.InvokeAsync(_instanceId, "add", [WireValue.I32(n), WireValue.I32(1000)]);
        Assert.Equal(n + 1000, Assert.Single(results).AsI32());
    }

    /// <summary>A session opened now compiles, instantiates and calls as well.</summary>
    public static async Task NewSessionSucceedsAsync(string socketPath)
    {
        await using var fresh = await StartAsync(socketPath);
        await fresh.CallSucceedsAsync();
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
