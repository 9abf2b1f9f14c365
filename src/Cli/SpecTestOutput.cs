using System.Text.Json;
using Wasmbox.SpecTest.Model;
using Wasmbox.SpecTest.Results;

namespace Wasmbox.Cli;

/// <summary>Prints spec-test results: a table per command kind and a summary line, or one JSON object.</summary>
internal static class SpecTestOutput
{
    /// <summary>
    /// Every command kind gets a row, even an empty one, so tables from different runs line up. The
    /// "script" row (scripts that could not be read, commands that could not be understood) only
    /// appears when something went wrong with one.
    /// </summary>
    public static void WriteTable(TextWriter output, SpecResults results)
    {
        var kinds = ReportedKinds(results).ToList();
        var width = kinds.Max(k => k.ToName().Length);
        output.WriteLine($"{"command".PadRight(width)}  {"passed",8}  {"failed",8}  {"skipped",8}");
        foreach (var kind in kinds)
        {
            var counts = results[kind];
            output.WriteLine($"{kind.ToName().PadRight(width)}  {counts.Passed,8}  {counts.Failed,8}  {counts.Skipped,8}");
        }
        output.WriteLine();
        output.WriteLine(Summary(results));
    }

    /// <summary><c>N passed, M failed</c>, plus <c>, K skipped</c> when anything was skipped.</summary>
    public static string Summary(SpecResults results) =>
        $"{results.Passed} passed, {results.Failed} failed" + (results.Skipped > 0 ? $", {results.Skipped} skipped" : "");

    /// <summary><c>{"module": {"passed": n, "failed": n, "skipped": n}, ...}</c> on one line.</summary>
    public static void WriteJson(Stream output, SpecResults results)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        foreach (var kind in ReportedKinds(results))
        {
            var counts = results[kind];
            json.WriteStartObject(kind.ToName());
            json.WriteNumber("passed", counts.Passed);
            json.WriteNumber("failed", counts.Failed);
            json.WriteNumber("skipped", counts.Skipped);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary><c>file:line: kind: message</c>, one line per failure, then the skip list's entries that applied.</summary>
    public static void WriteFailures(TextWriter output, SpecResults results)
    {
        foreach (var failure in results.Failures) output.WriteLine(failure.ToString());
        foreach (var skip in results.ListedSkips) output.WriteLine($"{skip.File}:{skip.Line}: {skip.Kind.ToName()}: skipped (skip list): {skip.Message}");
    }

    private static IEnumerable<CommandKind> ReportedKinds(SpecResults results) =>
        CommandKinds.All.Where(kind => kind != CommandKind.Script || results[kind].Total > 0);
}
