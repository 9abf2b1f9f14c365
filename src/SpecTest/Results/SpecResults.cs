using Wasmbox.SpecTest.Model;

namespace Wasmbox.SpecTest.Results;

/// <summary>Counts per command kind, and every failure in the order it happened. Not thread-safe.</summary>
public sealed class SpecResults
{
    private readonly CommandCounts[] _counts = new CommandCounts[CommandKinds.All.Count];
    private readonly List<SpecFailure> _failures = [];
    private readonly List<SpecFailure> _listedSkips = [];

    public CommandCounts this[CommandKind kind] => _counts[(int)kind];

    public IReadOnlyList<SpecFailure> Failures => _failures;

    /// <summary>Commands skipped because the skip list names them; the message is the list's reason.</summary>
    public IReadOnlyList<SpecFailure> ListedSkips => _listedSkips;

    public int Passed => _counts.Sum(c => c.Passed);
    public int Failed => _counts.Sum(c => c.Failed);
    public int Skipped => _counts.Sum(c => c.Skipped);

    public void AddPassed(CommandKind kind) => _counts[(int)kind] += new CommandCounts(1, 0, 0);

    public void AddSkipped(CommandKind kind) => _counts[(int)kind] += new CommandCounts(0, 0, 1);

    public void AddListedSkip(SpecFailure skip)
    {
        _counts[(int)skip.Kind] += new CommandCounts(0, 0, 1);
        _listedSkips.Add(skip);
    }

    public void AddFailed(SpecFailure failure)
    {
        _counts[(int)failure.Kind] += new CommandCounts(0, 1, 0);
        _failures.Add(failure);
    }

    /// <summary>Adds another run's counts and failures after this one's.</summary>
    public void Add(SpecResults other)
    {
        for (var i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        _failures.AddRange(other._failures);
        _listedSkips.AddRange(other._listedSkips);
    }
}
