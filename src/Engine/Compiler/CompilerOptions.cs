namespace Wasmbox.Engine.Compiler;

/// <summary>Switches that change the machine code the JIT emits. <see cref="Default"/> is what every module gets.</summary>
public sealed record CompilerOptions
{
    /// <summary>The environment variable that turns the loop-header checks off when set to <c>0</c>.</summary>
    public const string LoopChecksVariable = "WASMBOX_LOOP_CHECKS";

    /// <summary>
    /// The options of this process: read once from the environment, so every module of a process is
    /// compiled the same way.
    /// </summary>
    public static CompilerOptions Default { get; } = FromEnvironment();

    /// <summary>
    /// Whether every loop header with a back edge compares rsp with the thread's limit, the check a
    /// deadline relies on to stop a loop that calls nothing. A measurement switch only: it exists to
    /// price that check (bench/run.sh's "no-loop-checks" variant). Without it a guest spinning in a
    /// call-free loop cannot be stopped by its deadline. The prologue's stack check stays either way,
    /// since it guards the native stack.
    /// </summary>
    public bool LoopChecks { get; init; } = true;

    /// <summary><see cref="LoopChecksVariable"/>=0 turns the loop checks off; anything else (or nothing) leaves them on.</summary>
    public static CompilerOptions FromEnvironment() => FromLoopChecksVariable(Environment.GetEnvironmentVariable(LoopChecksVariable));

    /// <summary>The options for the value <paramref name="loopChecks"/> of <see cref="LoopChecksVariable"/> (null: unset).</summary>
    internal static CompilerOptions FromLoopChecksVariable(string? loopChecks) => new() { LoopChecks = loopChecks?.Trim() != "0" };
}
