using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Wasmbox.Daemon.Hosting;

namespace Wasmbox.Cli;

/// <summary><c>wasmbox serve [--socket PATH]</c>: the sandbox daemon in the foreground, the same host as <c>wasmboxd</c>.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var socket = new Option<string?>("--socket") { Description = "The Unix socket to listen on (default: $WASMBOX_SOCKET, else $XDG_RUNTIME_DIR/wasmbox/wasmbox.sock, else /run/wasmbox/wasmbox.sock)." };
        var command = new Command("serve", "Run the sandbox daemon in the foreground until SIGTERM or Ctrl+C; clients talk JSON-RPC 2.0 over its Unix socket (docs/protocol.md).")
        {
            socket,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult.GetValue(socket), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? socket, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("serve: the daemon needs Linux");
            return ExitCodes.Failure;
        }

        try
        {
            using var host = DaemonHost.Build([], socket);
            await host.RunAsync(cancellationToken);
            return ExitCodes.Success;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"serve: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
