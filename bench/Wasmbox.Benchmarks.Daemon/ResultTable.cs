using System.Globalization;

namespace Wasmbox.Benchmarks.Daemon;

/// <summary>The results as a plain-text table, one row per scenario.</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<Row> rows, TextWriter output)
    {
        int width = rows.Max(r => r.Name.Length);
        output.WriteLine();
        output.WriteLine($"{"round trip".PadRight(width)}  {"in flight",9}  {"conns",5}  {"p50 us",8}  {"p99 us",8}  {"calls/s",9}  {"calls",8}");
        foreach (var row in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Name.PadRight(width)}  {row.InFlight,9}  {row.Connections,5}  {row.P50Micros,8:F1}  {row.P99Micros,8:F1}  {row.CallsPerSecond,9:F0}  {row.Calls,8}"));
        }
        output.WriteLine();
    }
}
