namespace Wasmbox.SpecTest.Running;

internal enum VerdictKind
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>What one command came to; a failure says why.</summary>
internal readonly record struct Verdict(VerdictKind Kind, string Message)
{
    public static Verdict Pass { get; } = new(VerdictKind.Passed, "");
    public static Verdict Skip { get; } = new(VerdictKind.Skipped, "");
    public static Verdict Fail(string message) => new(VerdictKind.Failed, message);
}
