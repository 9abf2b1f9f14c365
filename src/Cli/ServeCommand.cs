using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Wasmbox.Cli.Running;
using Wasmbox.Daemon.Hosting;

namespace Wasmbox.Cli;

/// <summary>
/// <c>wasmbox serve [--socket PATH] [--allow-dir DIR]... [--private]</c>: the sandbox daemon in the
/// foreground, the same host as <c>wasmboxd</c>.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var socket = new Option<string?>("--socket") { Description = "The Unix socket to listen on (default: $WASMBOX_SOCKET, else $XDG_RUNTIME_DIR/wasmbox/wasmbox.sock, else /run/wasmbox/wasmbox.sock)." };
        var allowDirs = new Option<string[]>("--allow-dir")
        {
            Description = "Let clients preopen this host folder, or any folder inside it, for WASI instances (repeatable; none by default). Adds to Daemon:AllowedPreopenRoots.",
            Arity = ArgumentArity.OneOrMore,
        };
        var privateMode = new Option<bool>("--private")
        {
            Description = "Serve one 'wasmbox run': print \"ready\" once listening, exit when stdin reaches end-of-file (the parent closed it or died), "
                + "no default invoke deadline, warnings only, on stderr.",
        };
        var command = new Command("serve", "Run the sandbox daemon in the foreground until SIGTERM or Ctrl+C; clients talk JSON-RPC 2.0 over its Unix socket (docs/protocol.md).")
        {
            socket, allowDirs, privateMode,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var roots = (parseResult.GetValue(allowDirs) ?? []).Select(Path.GetFullPath).ToArray();
            return parseResult.GetValue(privateMode)
                ? PrivateDaemonHost.RunAsync(parseResult.GetValue(socket), roots, cancellationToken)
                : RunAsync(parseResult.GetValue(socket), roots, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string? socket, string[] allowedRoots, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("serve: the daemon needs Linux");
            return ExitCodes.Failure;
        }

        try
        {
            using var host = DaemonHost.Build([], socket, options => AllowRoots(options, allowedRoots));
            await host.RunAsync(cancellationToken);
            return ExitCodes.Success;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"serve: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>The command line's folders come after the configuration's.</summary>
    public static void AllowRoots(DaemonOptions options, string[] roots)
    {
        if (roots.Length > 0) options.AllowedPreopenRoots = [.. options.AllowedPreopenRoots, .. roots];
    }
}
