using Wasmbox.Client;
using Wasmbox.Daemon.Tests.Support;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Daemon.Tests;

/// <summary>
/// A client turned away because the daemon is serving its maximum of sessions learns why: the
/// daemon's refusal (LimitExceeded, sent with a null id before it closes) is the reason its calls
/// fail, not a bare "connection lost".
/// </summary>
public sealed class SessionLimitTests : IAsyncLifetime
{
    private readonly RunningDaemon _daemon = new(options => options.MaxSessions = 1);

    public Task InitializeAsync() => _daemon.InitializeAsync();

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [Fact]
    public async Task ACallOnARefusedConnectionFailsWithTheDaemonsReason()
    {
        await using var first = await _daemon.ConnectAsync();
        await first.GetEngineInfoAsync();

        await using var second = await _daemon.ConnectAsync();
        await second.Completion.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        var lost = await Assert.ThrowsAsync<ConnectionLostException>(() => second.GetEngineInfoAsync());

        Assert.Contains("maximum of 1 sessions", lost.Message, StringComparison.Ordinal);
        var refusal = Assert.IsType<RemoteRpcException>(lost.InnerException);
        Assert.Equal(WasmboxErrorTypes.LimitExceeded, WasmboxErrors.GetData(refusal)?.Type);

        // The session being served is untouched.
        await first.GetEngineInfoAsync();
    }
}
