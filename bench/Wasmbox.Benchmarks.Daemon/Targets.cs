using System.Globalization;

namespace Wasmbox.Benchmarks.Daemon;

/// <summary>A goal the daemon's round trips must meet, with what was measured.</summary>
/// <remarks>A null <see cref="Limit"/> is a figure reported for comparison, with no goal.</remarks>
internal sealed record Target(string Description, double Measured, double? Limit, bool AtMost)
{
    public bool? Holds => Limit is { } limit ? (AtMost ? Measured <= limit : Measured >= limit) : null;
}

/// <summary>The daemon's latency targets: invoke p50 at most 3x the ping-pong's; 30,000 invokes/s with 16 in flight on one connection.</summary>
internal static class Targets
{
    /// <summary>The targets whose rows were measured (<c>--only</c> may have skipped some).</summary>
    public static IReadOnlyList<Target> Check(IReadOnlyList<Row> rows)
    {
        var floor = Find(rows, "ping-pong (floor)", 1, 1);
        var client = Find(rows, "invoke add, client", 1, 1);
        var raw = Find(rows, "invoke add, raw socket", 1, 1);
        var hostCall = Find(rows, "invoke + 1 host/call, client", 1, 1);
        var window = Find(rows, "invoke add, client", 16, 1);
        var targets = new List<Target>();
        if (floor is not null && client is not null)
            targets.Add(new("invoke p50 / ping-pong p50 (client)", client.P50Micros / floor.P50Micros, 3, AtMost: true));
        if (floor is not null && raw is not null)
            targets.Add(new("invoke p50 / ping-pong p50 (raw socket)", raw.P50Micros / floor.P50Micros, null, AtMost: true));
        if (floor is not null && hostCall is not null)
            targets.Add(new("invoke + host/call p50 / ping-pong p50 (client)", hostCall.P50Micros / floor.P50Micros, null, AtMost: true));
        if (window is not null)
            targets.Add(new("invokes/s, 1 connection, 16 in flight (client)", window.CallsPerSecond, 30_000, AtMost: false));
        return targets;
    }

    public static void Print(IReadOnlyList<Target> targets, TextWriter output)
    {
        foreach (var target in targets)
        {
            string measured = target.Measured.ToString(target.Measured >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture);
            string verdict = target.Limit is { } limit
                ? $"  target {(target.AtMost ? "<=" : ">=")} {limit.ToString("#,0.##", CultureInfo.InvariantCulture)}: {(target.Holds == true ? "holds" : "MISSED")}"
                : "  (no target)";
            output.WriteLine($"{target.Description}: {measured}{verdict}");
        }
    }

    private static Row? Find(IReadOnlyList<Row> rows, string name, int inFlight, int connections) =>
        rows.FirstOrDefault(r => r.Name == name && r.InFlight == inFlight && r.Connections == connections);
}
