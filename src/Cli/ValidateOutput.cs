using System.Globalization;
using System.Text.Json;

namespace Wasmbox.Cli;

/// <summary>
/// Prints <see cref="ModuleMeasurement"/>s, one line per file, for people or as JSON lines. Used by both
/// <c>validate</c> and <c>compile</c>; the compile phase's numbers appear only in measurements that include it.
/// </summary>
internal static class ValidateOutput
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary><c>FILE: ok</c> or <c>FILE: error</c>, with the measurements in brackets when asked for.</summary>
    public static string FormatHuman(ModuleMeasurement m, bool stats)
    {
        var verdict = $"{m.File}: {m.Error ?? "ok"}";
        if (!stats || m.Bytes is not long bytes) return verdict;

        var size = $"{bytes.ToString("N0", Invariant)} bytes";
        if (m.Functions is int functions) size += $", {functions.ToString("N0", Invariant)} functions";
        if (m.CodeBytes is int codeBytes) size += $", {codeBytes.ToString("N0", Invariant)} bytes of machine code";
        var groups = new List<string> { size };
        if (m.Best is PhaseTimes best)
        {
            // With one run, cold and best are the same numbers: print them once, unlabelled.
            groups.Add((m.Runs > 1 ? $"best of {m.Runs}: " : "") + FormatTimes(best, bytes));
            if (m.Runs > 1 && m.Cold is PhaseTimes cold) groups.Add("cold: " + FormatTimes(cold, bytes));
        }
        return $"{verdict} [{string.Join("; ", groups)}]";
    }

    private static string FormatTimes(PhaseTimes times, long bytes)
    {
        var text = $"decode {Ms(times.DecodeMs)}";
        if (times.ValidateMs is double validateMs)
        {
            text += $", validate {Ms(validateMs)}";
            if (times.CompileMs is double compileMs) text += $", compile {Ms(compileMs)}";
            // Throughput of the whole job: decode + validate, + compile for wasmbox compile.
            if (times.TotalMs > 0) text += $", {(bytes / 1e6 / (times.TotalMs / 1e3)).ToString("F1", Invariant)} MB/s";
        }
        return text;
    }

    private static string Ms(double ms) => $"{ms.ToString("F3", Invariant)} ms";

    /// <summary>One JSON object on one line; timings are the best run's, the cold run's are <c>cold*</c>.</summary>
    public static string FormatJson(ModuleMeasurement m)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("file", m.File);
            WriteNumber(json, "bytes", m.Bytes);
            WriteNumber(json, "functions", m.Functions);
            if (m.IncludesCompile) WriteNumber(json, "codeBytes", m.CodeBytes);
            WriteNumber(json, "decodeMs", m.Best?.DecodeMs);
            WriteNumber(json, "validateMs", m.Best?.ValidateMs);
            if (m.IncludesCompile) WriteNumber(json, "compileMs", m.Best?.CompileMs);
            WriteNumber(json, "coldDecodeMs", m.Cold?.DecodeMs);
            WriteNumber(json, "coldValidateMs", m.Cold?.ValidateMs);
            if (m.IncludesCompile) WriteNumber(json, "coldCompileMs", m.Cold?.CompileMs);
            if (m.Error is not null) json.WriteString("error", m.Error);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is long number) json.WriteNumber(name, number);
        else json.WriteNull(name);
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double number) json.WriteNumber(name, Math.Round(number, 4));
        else json.WriteNull(name);
    }
}
