namespace Wasmbox.SpecTest.Results;

/// <summary>How many commands of one kind passed, failed and were skipped.</summary>
public readonly record struct CommandCounts(int Passed, int Failed, int Skipped)
{
    public int Total => Passed + Failed + Skipped;

    public static CommandCounts operator +(CommandCounts a, CommandCounts b) =>
        new(a.Passed + b.Passed, a.Failed + b.Failed, a.Skipped + b.Skipped);
}
