using System.CommandLine;
using Wasmbox.SpecTest;

namespace Wasmbox.Cli;

/// <summary><c>wasmbox spectest PATH...</c>: run WebAssembly spec-test scripts converted by wabt's wast2json.</summary>
internal static class SpecTestCommand
{
    public static Command Create()
    {
        var paths = PathArguments.Create("PATH", "wast2json .json scripts, or folders searched recursively for them.");
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object instead of the table: "
                + "{\"<command kind>\": {\"passed\": n, \"failed\": n, \"skipped\": n}, ...}.",
        };
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "List every failure as 'file:line: kind: message' (line = line in the .wast source). "
                + "With --json they go to stderr.",
        };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "How many scripts to run at once (default: one per processor).",
            HelpName = "N",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        jobs.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--jobs must be at least 1.");
        });

        var noExecute = new Option<bool>("--no-execute")
        {
            Description = "Only decode and validate; skip every command that executes code.",
        };

        var command = new Command("spectest",
            "Run WebAssembly spec-test scripts (wabt wast2json output). Prints passed/failed/skipped per command "
            + "kind and a summary line. Modules are decoded, validated and run on the JIT; commands on modules "
            + "that need what the runtime cannot do yet are skipped. Exit code: 0 when nothing failed, 1 otherwise, "
            + "2 for usage errors.")
        {
            paths, json, verbose, jobs, noExecute,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(paths) ?? [],
            parseResult.GetValue(json),
            parseResult.GetValue(verbose),
            parseResult.GetValue(jobs),
            parseResult.GetValue(noExecute)));
        return command;
    }

    private static int Run(string[] paths, bool json, bool verbose, int jobs, bool noExecute)
    {
        var backend = noExecute ? null : new Wasmbox.SpecTest.Execution.JitBackend();
        var results = new SpecRunner(backend) { MaxParallelism = jobs }.Run(paths);
        using var output = StandardOutput.Open();
        if (json)
        {
            if (verbose) SpecTestOutput.WriteFailures(Console.Error, results);
            output.Flush();
            SpecTestOutput.WriteJson(output.BaseStream, results);
            output.WriteLine();
        }
        else
        {
            if (verbose) SpecTestOutput.WriteFailures(output, results);
            SpecTestOutput.WriteTable(output, results);
        }
        return results.Failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
