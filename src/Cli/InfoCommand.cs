using System.CommandLine;

namespace Wasmbox.Cli;

/// <summary><c>wasmbox info</c>: asks the daemon at the default socket what it is.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show the running daemon's name, version, protocol version and features (through the default socket).");
        command.SetAction((_, cancellationToken) => DaemonCalls.RunAsync("info", async client =>
        {
            var info = await client.GetEngineInfoAsync(cancellationToken);
            Console.WriteLine($"{info.Name} {info.Version}");
            Console.WriteLine($"protocol: {info.ProtocolVersion}");
            Console.WriteLine($"features: {string.Join(' ', info.Features)}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
