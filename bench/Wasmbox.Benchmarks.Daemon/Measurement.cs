using System.Diagnostics;

namespace Wasmbox.Benchmarks.Daemon;

/// <summary>One row of the results: a scenario's round-trip percentiles and its calls per second.</summary>
internal sealed record Row(string Name, int InFlight, int Connections, long Calls, double P50Micros, double P99Micros, double CallsPerSecond);

/// <summary>Whether the workers are warming up (calls not recorded), measuring, or should stop.</summary>
internal sealed class Phase
{
    private volatile int _state;

    public bool Measuring => _state == 1;

    public bool Stopped => _state == 2;

    public void StartMeasuring() => _state = 1;

    public void Stop() => _state = 2;
}

/// <summary>One worker's round trips: its own list, so recording takes no lock and shares no cache line.</summary>
internal sealed class WorkerLog(Phase phase)
{
    private readonly List<long> _ticks = new(1 << 16);

    public Phase Phase => phase;

    public IReadOnlyList<long> Ticks => _ticks;

    /// <summary>Records a round trip that started at <paramref name="startTimestamp"/> and ended now.</summary>
    public void Record(long startTimestamp)
    {
        if (phase.Measuring) _ticks.Add(Stopwatch.GetTimestamp() - startTimestamp);
    }
}

/// <summary>
/// Runs workers (each a closed loop of round trips) through a warm-up, which lets the .NET JIT reach
/// its optimized code and the pools fill, then a measured stretch of wall-clock time.
/// </summary>
internal sealed class Measurement(TimeSpan warmUp, TimeSpan duration)
{
    /// <summary>Async workers: run on the thread pool, as a client application's calls would.</summary>
    public Task<Row> RunAsync(string name, int inFlight, int connections, int workers, Func<WorkerLog, Task> worker) =>
        RunCoreAsync(name, inFlight, connections, workers, log => Task.Run(() => worker(log)));

    /// <summary>Blocking workers: each on a thread of its own, so none waits for a pool thread.</summary>
    public Task<Row> RunBlockingAsync(string name, int inFlight, int connections, int workers, Action<WorkerLog> worker) =>
        RunCoreAsync(name, inFlight, connections, workers,
            log => Task.Factory.StartNew(() => worker(log), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));

    private async Task<Row> RunCoreAsync(string name, int inFlight, int connections, int workers, Func<WorkerLog, Task> start)
    {
        var phase = new Phase();
        var logs = Enumerable.Range(0, workers).Select(_ => new WorkerLog(phase)).ToArray();
        var running = logs.Select(start).ToArray();
        await Task.Delay(warmUp).ConfigureAwait(false);
        // Collect the warm-up's garbage now rather than in the middle of the measurement.
        GC.Collect();
        long begin = Stopwatch.GetTimestamp();
        phase.StartMeasuring();
        await Task.Delay(duration).ConfigureAwait(false);
        phase.Stop();
        long end = Stopwatch.GetTimestamp();
        await Task.WhenAll(running).ConfigureAwait(false);

        long[] all = [.. logs.SelectMany(l => l.Ticks)];
        Array.Sort(all);
        double seconds = Stopwatch.GetElapsedTime(begin, end).TotalSeconds;
        return new Row(name, inFlight, connections, all.Length, Micros(Percentile(all, 0.50)), Micros(Percentile(all, 0.99)), all.Length / seconds);
    }

    /// <summary>Nearest rank: the smallest value at least <paramref name="fraction"/> of the values do not exceed.</summary>
    private static long Percentile(long[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
}
