using System.CommandLine;
using Wasmbox.Engine;
using Wasmbox.Engine.Hosting;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Wasi;

namespace Wasmbox.Cli;

/// <summary>
/// <c>wasmbox run [OPTIONS] FILE [ARGS...]</c>: runs a WASI command module. Everything after FILE
/// belongs to the guest (even words that look like options), so the command reads its own options
/// itself rather than through System.CommandLine, which only supplies the help text.
/// </summary>
internal static class RunCommand
{
    public const string Name = "run";

    private const string Usage = "usage: wasmbox run [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--] FILE [ARGS...]";

    /// <summary>Exit status when the guest traps (as for a process killed by SIGABRT).</summary>
    public const int TrapExitCode = 134;

    public static Command Create()
    {
        var command = new Command(Name,
            "Run a WASI command module (one exporting _start) in this process. Its exit status becomes wasmbox's; "
            + "a trap prints the trap and the wasm stack to stderr and exits with status 134. "
            + Usage + ". --dir preopens a host directory (as GUEST, default the same path); "
            + "--env sets a variable (the host's environment is not passed on).");
        command.SetAction(_ => ExitCodes.Usage);
        return command;
    }

    /// <summary>Parses the arguments after "run" and runs the guest; returns the process exit code.</summary>
    public static int Execute(string[] arguments)
    {
        var preopens = new List<WasiPreopen>();
        var environment = new List<KeyValuePair<string, string>>();
        int i = 0;
        for (; i < arguments.Length; i++)
        {
            string argument = arguments[i];
            if (argument == "--") { i++; break; }
            if (!argument.StartsWith('-') || argument == "-") break;
            if (argument is "-h" or "--help")
            {
                Console.WriteLine(Usage);
                return ExitCodes.Success;
            }

            if (i + 1 >= arguments.Length) return UsageError($"{argument} needs a value");
            string value = arguments[++i];
            switch (argument)
            {
                case "--dir":
                    int separator = value.IndexOf("::", StringComparison.Ordinal);
                    var host = separator < 0 ? value : value[..separator];
                    var guest = separator < 0 ? value : value[(separator + 2)..];
                    if (!Directory.Exists(host)) return UsageError($"--dir {host}: no such directory");
                    preopens.Add(new WasiPreopen(host, guest));
                    break;
                case "--env":
                    int equals = value.IndexOf('=');
                    if (equals <= 0) return UsageError($"--env {value}: expected NAME=VALUE");
                    environment.Add(new(value[..equals], value[(equals + 1)..]));
                    break;
                default:
                    return UsageError($"unknown option {argument}");
            }
        }

        if (i >= arguments.Length) return UsageError("no module to run");
        string file = arguments[i];
        string[] guestArguments = [Path.GetFileName(file), .. arguments[(i + 1)..]];

        CompiledModule module;
        try
        {
            module = CompiledModule.Compile(File.ReadAllBytes(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WasmException or NotSupportedException)
        {
            Console.Error.WriteLine($"wasmbox: {file}: {e.Message}");
            return ExitCodes.Failure;
        }

        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        using var stdin = Console.OpenStandardInput();
        var configuration = new WasiConfiguration
        {
            Arguments = guestArguments,
            Environment = environment,
            Preopens = preopens,
            Stdin = stdin,
            Stdout = stdout,
            Stderr = stderr,
            StdoutIsTerminal = !Console.IsOutputRedirected,
            StderrIsTerminal = !Console.IsErrorRedirected,
            StdinIsTerminal = !Console.IsInputRedirected,
        };

        WasiCommandResult result;
        try
        {
            result = WasiCommand.Run(module, configuration);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"wasmbox: {file}: {e.Message}");
            return ExitCodes.Failure;
        }

        if (result.Trap is { } trap)
        {
            Console.Error.WriteLine($"wasmbox: {file}: trap: {trap}");
            return TrapExitCode;
        }

        return result.ExitCode;
    }

    private static int UsageError(string message)
    {
        Console.Error.WriteLine($"wasmbox run: {message}");
        Console.Error.WriteLine(Usage);
        return ExitCodes.Usage;
    }
}
