using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Wasi;

namespace Wasmbox.Daemon.Wasi;

/// <summary>proc_exit reaches the daemon as a trap carrying <see cref="WasiExitException"/>: a clean end, answered with <c>exitCode</c>.</summary>
internal static class WasiExit
{
    public static bool Is(TrapException trap) => trap.InnerException is WasiExitException;

    public static bool Is(TrapException trap, out int exitCode)
    {
        exitCode = trap.InnerException is WasiExitException exit ? exit.ExitCode : 0;
        return trap.InnerException is WasiExitException;
    }
}
