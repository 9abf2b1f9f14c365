using System.CommandLine;

namespace Wasmbox.Cli;

/// <summary><c>wasmbox validate FILE...</c>: decode and validate WebAssembly binaries.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = PathArguments.Create("FILE", "WebAssembly binary modules (.wasm) to check.");
        var stats = new Option<bool>("--stats")
        {
            Description = "Also print each file's size, its function count (the whole function index space: "
                + "imported plus defined functions), decode and validate times in milliseconds, and throughput in MB/s.",
        };
        var repeat = RepeatOption.Create(
            "Decode and validate each file N times in this process; timings then show the first "
                + "(cold) run and the best (warm) run.");
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object per file per line: file, bytes, functions, decodeMs and validateMs "
                + "(best run), coldDecodeMs and coldValidateMs (first run), and error when the file is not valid.",
        };

        var command = new Command("validate",
            "Decode and validate WebAssembly binaries. Prints 'FILE: ok' or 'FILE: <error>' per file. "
            + "Exit code: 0 when every file is valid, 1 when any is not (or cannot be read), 2 for usage errors.")
        {
            files, stats, repeat, json,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(files) ?? [],
            parseResult.GetValue(stats),
            parseResult.GetValue(repeat),
            parseResult.GetValue(json)));
        return command;
    }

    private static int Run(string[] files, bool stats, int repeat, bool json)
    {
        using var output = StandardOutput.Open();
        var allValid = true;
        foreach (var file in files)
        {
            var measurement = ModuleMeasurement.Measure(file, repeat);
            allValid &= measurement.IsValid;
            output.WriteLine(json ? ValidateOutput.FormatJson(measurement) : ValidateOutput.FormatHuman(measurement, stats));
            output.Flush(); // a line per file as soon as it is known; large files take a while
        }
        return allValid ? ExitCodes.Success : ExitCodes.Failure;
    }
}
