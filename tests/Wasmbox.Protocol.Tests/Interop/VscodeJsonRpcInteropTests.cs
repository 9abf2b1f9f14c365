using Wasmbox.Tests.Support;

namespace Wasmbox.Protocol.Tests.Interop;

/// <summary>
/// vscode-jsonrpc (the library behind VS Code's language clients) talks to our server over a Unix
/// socket: Content-Length framing both ways, params by name and position, errors, cancellation,
/// notifications, and the server calling back into the client. The package is installed from npm
/// into the test output folder the first time (package.json pins its version).
/// </summary>
public class VscodeJsonRpcInteropTests
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private static string InteropFolder => Path.Combine(AppContext.BaseDirectory, "Interop");

    [NodeFact]
    public async Task VscodeJsonRpcClientPassesEveryCheck()
    {
        await EnsureVscodeJsonRpcInstalledAsync();
        await using var server = new UnixSocketTestServer();

        (int exitCode, string output) = await PeerProcess.RunAsync("node", InteropFolder, TimeSpan.FromSeconds(90),
            "vscode-jsonrpc-client.mjs", server.SocketPath);

        Assert.True(exitCode == 0, $"the vscode-jsonrpc client failed (exit {exitCode}):\n{output}");
        Assert.Equal(10, output.Split('\n').Count(line => line.StartsWith("ok ", StringComparison.Ordinal)));
    }

    private static async Task EnsureVscodeJsonRpcInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(InteropFolder, "node_modules", "vscode-jsonrpc", "package.json")))
                return;
            (int exitCode, string output) = await PeerProcess.RunAsync("npm", InteropFolder, TimeSpan.FromMinutes(3),
                "install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error");
            Assert.True(exitCode == 0, $"npm install vscode-jsonrpc failed (exit {exitCode}); the npm registry must be reachable:\n{output}");
        }
        finally
        {
            InstallLock.Release();
        }
    }
}
