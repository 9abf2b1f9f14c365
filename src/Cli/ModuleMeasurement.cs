using System.Diagnostics;
using Wasmbox.Engine;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler;
using Wasmbox.Engine.Validation;

namespace Wasmbox.Cli;

/// <summary>
/// Time spent in each phase of one decode + validate (+ compile, for <c>wasmbox compile</c>). A phase that
/// did not run (an earlier one failed, or compiling was not asked for) is null.
/// </summary>
internal readonly record struct PhaseTimes(double DecodeMs, double? ValidateMs, double? CompileMs = null)
{
    public double TotalMs => DecodeMs + (ValidateMs ?? 0) + (CompileMs ?? 0);
}

/// <summary>
/// What validating (and, with <see cref="IncludesCompile"/>, compiling) one file found. <see cref="Bytes"/> is
/// null when the file could not be read, <see cref="Functions"/> when it did not decode and <see cref="CodeBytes"/>
/// when it did not compile. <see cref="Cold"/> is the first run and <see cref="Best"/> the fastest of
/// <see cref="Runs"/> runs; both are null when the file could not be read.
/// </summary>
internal sealed record ModuleMeasurement(
    string File, long? Bytes, int? Functions, int Runs, PhaseTimes? Cold, PhaseTimes? Best, string? Error,
    bool IncludesCompile = false, int? CodeBytes = null)
{
    public bool IsValid => Error is null;

    /// <summary>
    /// Decodes and validates <paramref name="file"/> <paramref name="runs"/> times, stopping at the first error;
    /// with <paramref name="compile"/> each run also compiles every function to machine code.
    /// </summary>
    public static ModuleMeasurement Measure(string file, int runs, bool compile = false)
    {
        byte[] bytes;
        try
        {
            bytes = System.IO.File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ModuleMeasurement(file, null, null, 0, null, null, $"cannot read: {e.Message}", compile);
        }

        int? functions = null, codeBytes = null;
        PhaseTimes? cold = null, best = null;
        for (var run = 0; run < runs; run++)
        {
            var once = MeasureOnce(bytes, compile);
            functions ??= once.Functions;
            codeBytes ??= once.CodeBytes;
            cold ??= once.Times;
            if (best is null || once.Times.TotalMs < best.Value.TotalMs) best = once.Times;
            if (once.Error is not null)
            {
                return new ModuleMeasurement(file, bytes.Length, functions, run + 1, cold, best, once.Error, compile, codeBytes);
            }
        }
        return new ModuleMeasurement(file, bytes.Length, functions, runs, cold, best, null, compile, codeBytes);
    }

    private readonly record struct RunResult(PhaseTimes Times, int? Functions, int? CodeBytes, string? Error);

    private static RunResult MeasureOnce(byte[] bytes, bool compile)
    {
        var start = Stopwatch.GetTimestamp();
        WasmModule module;
        try
        {
            module = ModuleDecoder.Decode(bytes);
        }
        catch (Exception e)
        {
            return new RunResult(new PhaseTimes(Stopwatch.GetElapsedTime(start).TotalMilliseconds, null), null, null, Describe(e));
        }

        var decoded = Stopwatch.GetTimestamp();
        var decodeMs = Stopwatch.GetElapsedTime(start, decoded).TotalMilliseconds;
        // The whole function index space: imported functions count too, since they have indices like any other.
        var functions = module.FunctionTypeIndices.Length;
        ValidatedModule validated;
        try
        {
            validated = ModuleValidator.Validate(module);
        }
        catch (Exception e)
        {
            return new RunResult(new PhaseTimes(decodeMs, Stopwatch.GetElapsedTime(decoded).TotalMilliseconds), functions, null, Describe(e));
        }

        var validatedAt = Stopwatch.GetTimestamp();
        var validateMs = Stopwatch.GetElapsedTime(decoded, validatedAt).TotalMilliseconds;
        if (!compile) return new RunResult(new PhaseTimes(decodeMs, validateMs), functions, null, null);

        try
        {
            var code = ModuleCompiler.Compile(validated);
            return new RunResult(new PhaseTimes(decodeMs, validateMs, Stopwatch.GetElapsedTime(validatedAt).TotalMilliseconds),
                functions, code.Code.Length, null);
        }
        catch (Exception e)
        {
            var error = e is NotSupportedException ? $"not supported: {e.Message}" : Describe(e);
            return new RunResult(new PhaseTimes(decodeMs, validateMs, Stopwatch.GetElapsedTime(validatedAt).TotalMilliseconds),
                functions, null, error);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        MalformedModuleException => $"malformed: {e.Message}",
        InvalidModuleException => $"invalid: {e.Message}",
        // Anything else is an engine bug; say so rather than pass it off as a verdict on the module.
        _ => $"internal error: {e.GetType().Name}: {e.Message}",
    };
}
