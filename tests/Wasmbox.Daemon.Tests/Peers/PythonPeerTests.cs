using Wasmbox.Daemon.Tests.Support;
using Wasmbox.Tests.Support;

namespace Wasmbox.Daemon.Tests.Peers;

/// <summary>
/// python-lsp-jsonrpc, a JSON-RPC library that knows nothing of Wasmbox, drives a real daemon over
/// its socket with Content-Length framing: tests/peers/python/peer.py compiles a module, serves its
/// imports (one of which reads guest memory while the guest waits) and checks every answer exactly.
/// </summary>
public sealed class PythonPeerTests : IAsyncLifetime
{
    private const int Checks = 12;

    private readonly RunningDaemon _daemon = new();

    public Task InitializeAsync() => _daemon.InitializeAsync();

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [PythonPeerFact]
    public async Task PylspJsonrpcPassesEveryCheck()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "peers", "python", "peer.py");

        (int exitCode, string output) = await PeerProcess.RunAsync(PythonPeerFactAttribute.Python, TimeSpan.FromSeconds(120), script, _daemon.SocketPath);

        Assert.True(exitCode == 0, $"the Python peer failed (exit {exitCode}):\n{output}");
        Assert.Equal(Checks, output.Split('\n').Count(line => line.StartsWith("ok ", StringComparison.Ordinal)));
    }
}
