using Wasmbox.Engine;
using Wasmbox.Engine.Hosting;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Wasi;

namespace Wasmbox.Cli.Running;

/// <summary><c>wasmbox run --in-process</c>: the guest runs on a thread of this process, with the console as its stdio.</summary>
internal static class InProcessRun
{
    public static int Execute(RunOptions options)
    {
        CompiledModule module;
        try
        {
            module = CompiledModule.Compile(File.ReadAllBytes(options.File));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WasmException or NotSupportedException)
        {
            Console.Error.WriteLine($"wasmbox: {options.File}: {e.Message}");
            return ExitCodes.Failure;
        }

        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        using var stdin = Console.OpenStandardInput();
        var configuration = new WasiConfiguration
        {
            Arguments = options.Arguments,
            Environment = options.Environment,
            Preopens = [.. options.Directories.Select(d => new WasiPreopen(d.Host, d.Guest))],
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
            Console.Error.WriteLine($"wasmbox: {options.File}: {e.Message}");
            return ExitCodes.Failure;
        }

        if (result.Trap is { } trap)
        {
            Console.Error.WriteLine($"wasmbox: {options.File}: trap: {trap}");
            return RunCommand.TrapExitCode;
        }

        return result.ExitCode;
    }
}
