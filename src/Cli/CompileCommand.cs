using System.CommandLine;

namespace Wasmbox.Cli;

/// <summary>
/// <c>wasmbox compile FILE...</c>: decode, validate and compile every function of WebAssembly binaries to
/// x86-64 machine code, without instantiating or running anything. Its job is measuring the JIT's speed
/// and output size, so its conventions (output lines, --json fields, exit codes) follow <c>validate</c>.
/// </summary>
internal static class CompileCommand
{
    public static Command Create()
    {
        var files = PathArguments.Create("FILE", "WebAssembly binary modules (.wasm) to compile.");
        var stats = new Option<bool>("--stats")
        {
            Description = "Also print each file's size, its function count (imported plus defined functions), "
                + "the size of its machine code, decode, validate and compile times in milliseconds, and "
                + "throughput in MB/s (module bytes over the three phases).",
        };
        var repeat = RepeatOption.Create(
            "Decode, validate and compile each file N times in this process; timings then show "
                + "the first (cold) run and the best (warm) run.");
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object per file per line: file, bytes, functions, codeBytes, decodeMs, "
                + "validateMs and compileMs (best run), coldDecodeMs, coldValidateMs and coldCompileMs "
                + "(first run), and error when the file does not compile.",
        };

        var command = new Command("compile",
            "Decode, validate and compile WebAssembly binaries to machine code (nothing is run). Prints "
            + "'FILE: ok' or 'FILE: <error>' per file; a module using what the compiler does not handle yet "
            + "reports 'not supported: ...'. Exit code: 0 when every file compiles, 1 when any does not "
            + "(or cannot be read), 2 for usage errors.")
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
        var allCompiled = true;
        foreach (var file in files)
        {
            var measurement = ModuleMeasurement.Measure(file, repeat, compile: true);
            allCompiled &= measurement.IsValid;
            output.WriteLine(json ? ValidateOutput.FormatJson(measurement) : ValidateOutput.FormatHuman(measurement, stats));
            output.Flush(); // a line per file as soon as it is known; large modules take a while to compile
        }
        return allCompiled ? ExitCodes.Success : ExitCodes.Failure;
    }
}
