using System.CommandLine;
using Wasmbox.Cli.Running;

namespace Wasmbox.Cli;

/// <summary>
/// <c>wasmbox run [OPTIONS] FILE [ARGS...]</c>: runs a WASI command module in the sandbox daemon
/// (the shared one at the default socket, else a private one for this run), or in this process with
/// --in-process. Everything after FILE
/// belongs to the guest (even words that look like options), so the command reads its own options
/// itself rather than through System.CommandLine, which only supplies the help text.
/// </summary>
internal static class RunCommand
{
    public const string Name = "run";

    private const string Usage = "usage: wasmbox run [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--deadline-ms MS] [--private | --in-process] [--] FILE [ARGS...]";

    /// <summary>Exit status when the guest traps (as for a process killed by SIGABRT).</summary>
    public const int TrapExitCode = 134;

    public static Command Create()
    {
        var command = new Command(Name,
            "Run a WASI command module (one exporting _start) in the sandbox daemon at the default socket, or, when none answers "
            + "(or with --private), in a daemon started for this run alone. Its exit status becomes wasmbox's; "
            + "a trap prints the trap and the wasm stack to stderr and exits with status 134; Ctrl+C cancels it (status 130). "
            + Usage + ". --dir preopens a host directory (as GUEST, default the same path); "
            + "--env sets a variable (the host's environment is not passed on); --deadline-ms bounds the run "
            + "(default: none in a private daemon, the daemon's own default in a shared one); --in-process runs the guest in this process.");
        command.SetAction(_ => ExitCodes.Usage);
        return command;
    }

    /// <summary>Parses the arguments after "run" and runs the guest; returns the process exit code.</summary>
    public static int Execute(string[] arguments)
    {
        var directories = new List<RunDirectory>();
        var environment = new List<KeyValuePair<string, string>>();
        bool inProcess = false, privateDaemon = false;
        TimeSpan? deadline = null;
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

            if (argument == "--in-process") { inProcess = true; continue; }
            if (argument == "--private") { privateDaemon = true; continue; }
            if (i + 1 >= arguments.Length) return UsageError($"{argument} needs a value");
            string value = arguments[++i];
            switch (argument)
            {
                case "--dir":
                    int separator = value.IndexOf("::", StringComparison.Ordinal);
                    var host = separator < 0 ? value : value[..separator];
                    var guest = separator < 0 ? value : value[(separator + 2)..];
                    if (!Directory.Exists(host)) return UsageError($"--dir {host}: no such directory");
                    // The daemon has its own working directory: it gets absolute paths only.
                    directories.Add(new RunDirectory(Path.GetFullPath(host), guest));
                    break;
                case "--env":
                    int equals = value.IndexOf('=');
                    if (equals <= 0) return UsageError($"--env {value}: expected NAME=VALUE");
                    environment.Add(new(value[..equals], value[(equals + 1)..]));
                    break;
                case "--deadline-ms":
                    if (!long.TryParse(value, out var ms) || ms <= 0) return UsageError($"--deadline-ms {value}: expected a positive number of milliseconds");
                    deadline = TimeSpan.FromMilliseconds(ms);
                    break;
                default:
                    return UsageError($"unknown option {argument}");
            }
        }

        if (i >= arguments.Length) return UsageError("no module to run");
        if (inProcess && (privateDaemon || deadline is not null)) return UsageError("--in-process runs without a daemon: --private and --deadline-ms do not apply");
        string file = arguments[i];
        var options = new RunOptions
        {
            File = file,
            Arguments = [Path.GetFileName(file), .. arguments[(i + 1)..]],
            Directories = directories,
            Environment = environment,
            InProcess = inProcess,
            PrivateDaemon = privateDaemon,
            Deadline = deadline,
        };
        return inProcess ? InProcessRun.Execute(options) : DaemonRun.ExecuteAsync(options).GetAwaiter().GetResult();
    }

    private static int UsageError(string message)
    {
        Console.Error.WriteLine($"wasmbox run: {message}");
        Console.Error.WriteLine(Usage);
        return ExitCodes.Usage;
    }
}
