using System.Diagnostics;
using Wasmbox.Engine;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Validation;

namespace Wasmbox.Cli;

/// <summary>Time spent in each phase of one decode + validate; <see cref="ValidateMs"/> is null when decoding failed.</summary>
internal readonly record struct PhaseTimes(double DecodeMs, double? ValidateMs)
{
    public double TotalMs => DecodeMs + (ValidateMs ?? 0);
}

/// <summary>
/// What validating one file found. <see cref="Bytes"/> is null when the file could not be read and
/// <see cref="Functions"/> when it did not decode. <see cref="Cold"/> is the first run and <see cref="Best"/>
/// the fastest of <see cref="Runs"/> runs; both are null when the file could not be read.
/// </summary>
internal sealed record ModuleMeasurement(
    string File, long? Bytes, int? Functions, int Runs, PhaseTimes? Cold, PhaseTimes? Best, string? Error)
{
    public bool IsValid => Error is null;

    /// <summary>Decodes and validates <paramref name="file"/> <paramref name="runs"/> times, stopping at the first error.</summary>
    public static ModuleMeasurement Measure(string file, int runs)
    {
        byte[] bytes;
        try
        {
            bytes = System.IO.File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ModuleMeasurement(file, null, null, 0, null, null, $"cannot read: {e.Message}");
        }

        int? functions = null;
        PhaseTimes? cold = null, best = null;
        for (var run = 0; run < runs; run++)
        {
            var (times, functionCount, error) = MeasureOnce(bytes);
            functions ??= functionCount;
            cold ??= times;
            if (best is null || times.TotalMs < best.Value.TotalMs) best = times;
            if (error is not null) return new ModuleMeasurement(file, bytes.Length, functions, run + 1, cold, best, error);
        }
        return new ModuleMeasurement(file, bytes.Length, functions, runs, cold, best, null);
    }

    private static (PhaseTimes Times, int? Functions, string? Error) MeasureOnce(byte[] bytes)
    {
        var start = Stopwatch.GetTimestamp();
        WasmModule module;
        try
        {
            module = ModuleDecoder.Decode(bytes);
        }
        catch (Exception e)
        {
            return (new PhaseTimes(Stopwatch.GetElapsedTime(start).TotalMilliseconds, null), null, Describe(e));
        }

        var decoded = Stopwatch.GetTimestamp();
        var decodeMs = Stopwatch.GetElapsedTime(start, decoded).TotalMilliseconds;
        // The whole function index space: imported functions count too, since they have indices like any other.
        var functions = module.FunctionTypeIndices.Length;
        try
        {
            ModuleValidator.Validate(module);
        }
        catch (Exception e)
        {
            return (new PhaseTimes(decodeMs, Stopwatch.GetElapsedTime(decoded).TotalMilliseconds), functions, Describe(e));
        }
        return (new PhaseTimes(decodeMs, Stopwatch.GetElapsedTime(decoded).TotalMilliseconds), functions, null);
    }

    private static string Describe(Exception e) => e switch
    {
        MalformedModuleException => $"malformed: {e.Message}",
        InvalidModuleException => $"invalid: {e.Message}",
        // Anything else is an engine bug; say so rather than pass it off as a verdict on the module.
        _ => $"internal error: {e.GetType().Name}: {e.Message}",
    };
}
