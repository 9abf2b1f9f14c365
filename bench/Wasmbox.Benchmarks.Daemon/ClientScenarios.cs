using System.Diagnostics;
using Wasmbox.Client;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Benchmarks.Daemon;

/// <summary>A <see cref="WasmboxClient"/> session with one instance of <see cref="BenchModule"/>, and its round-trip loops.</summary>
internal sealed class ClientScenarios : IAsyncDisposable
{
    private static readonly WireValue[] AddArgs = [WireValue.I32(1), WireValue.I32(2)];
    private static readonly WireValue[] HostArgs = [WireValue.I32(41)];

    private readonly WasmboxClient _client;
    private readonly string _instanceId;

    private ClientScenarios(WasmboxClient client, string instanceId)
    {
        _client = client;
        _instanceId = instanceId;
    }

    /// <summary>Connects, serves host.inc (x + 1), compiles and instantiates the module, and checks both exports answer right.</summary>
    public static async Task<ClientScenarios> ConnectAsync(string socketPath)
    {
        var client = await WasmboxClient.ConnectAsync(socketPath).ConfigureAwait(false);
        client.DefineFunction(BenchModule.HostModule, BenchModule.HostFunction, [WireValueType.I32], [WireValueType.I32],
            args => [WireValue.I32(args[0].AsI32() + 1)]);
        var module = await client.CompileAsync(BenchModule.Bytes).ConfigureAwait(false);
        var instance = await client.CreateInstanceAsync(module.ModuleId).ConfigureAwait(false);
        var scenarios = new ClientScenarios(client, instance.InstanceId);
        int sum = (await scenarios.AddAsync().ConfigureAwait(false))[0].AsI32();
        int served = (await scenarios.CallHostAsync().ConfigureAwait(false))[0].AsI32();
        if (sum != 3 || served != 42) throw new InvalidOperationException($"add(1, 2) = {sum}, call_host(41) = {served}: the daemon is not running the benchmark module right");
        return scenarios;
    }

    public Task<WireValue[]> AddAsync() => _client.InvokeAsync(_instanceId, "add", AddArgs);

    public Task<WireValue[]> CallHostAsync() => _client.InvokeAsync(_instanceId, "call_host", HostArgs);

    /// <summary>A worker that calls <paramref name="call"/> on this session until the measurement stops.</summary>
    public static Func<WorkerLog, Task> Loop(Func<Task> call) => async log =>
    {
        while (!log.Phase.Stopped)
        {
            long start = Stopwatch.GetTimestamp();
            await call().ConfigureAwait(false);
            log.Record(start);
        }
    };

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
