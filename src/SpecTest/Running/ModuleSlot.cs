using Wasmbox.SpecTest.Execution;

namespace Wasmbox.SpecTest.Running;

internal enum ModuleState
{
    /// <summary>Decoded and validated, and instantiated when there is a backend.</summary>
    Ready,
    Failed,
    /// <summary>Not attempted (a text module), so nothing that depends on it can be judged.</summary>
    Skipped,
}

/// <summary>What became of a <c>module</c> command, for the commands that act on that module later.</summary>
internal sealed record ModuleSlot(int Line, ModuleState State, IModuleInstance? Instance, string Problem)
{
    public static ModuleSlot Ready(int line, IModuleInstance? instance) => new(line, ModuleState.Ready, instance, "");
    public static ModuleSlot Failed(int line, string problem) => new(line, ModuleState.Failed, null, problem);
    public static ModuleSlot Skipped(int line) => new(line, ModuleState.Skipped, null, "");
}
