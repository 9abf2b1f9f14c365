using Wasmbox.Client;
using Wasmbox.Client.Connecting;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Cli;

/// <summary>Runs a command's work against the daemon at the default socket, turning its failures into one line on stderr.</summary>
internal static class DaemonCalls
{
    public static async Task<int> RunAsync(string command, Func<WasmboxClient, Task<int>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await WasmboxClient.ConnectAsync(cancellationToken: cancellationToken);
            return await work(client);
        }
        catch (DaemonUnavailableException e)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
        }
        catch (RemoteRpcException e)
        {
            var data = WasmboxErrors.GetData(e);
            Console.Error.WriteLine(data is null ? $"{command}: {e.Message}" : $"{command}: {data.Type}: {data.Message}");
            foreach (var frame in data?.WasmStack ?? []) Console.Error.WriteLine($"  at {frame}");
        }
        catch (JsonRpcException e)
        {
            // Arguments that do not fit the export's types, read here before anything is sent.
            Console.Error.WriteLine($"{command}: {e.Message}");
        }
        catch (ConnectionLostException e)
        {
            Console.Error.WriteLine($"{command}: the daemon closed the connection ({e.Message})");
        }
        return ExitCodes.Failure;
    }
}
