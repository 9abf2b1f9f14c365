using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>proc_exit, proc_raise, sched_yield.</summary>
internal static class ProcFunctions
{
    /// <summary>proc_exit: never returns; ends the guest by throwing <see cref="WasiExitException"/>.</summary>
    public static Errno Exit(WasiContext context, IGuestMemory memory, uint exitCode) =>
        throw new WasiExitException((int)exitCode);

    /// <summary>
    /// proc_raise: <c>nosys</c>. A guest has no signal handlers to run and may not end or stop the
    /// host process; a guest that wants to end calls proc_exit. (wasi-libc's raise() and abort()
    /// do not depend on it: abort() traps with <c>unreachable</c>.)
    /// </summary>
    public static Errno Raise(WasiContext context, IGuestMemory memory, uint signal) => Errno.Nosys;

    public static Errno SchedYield(WasiContext context, IGuestMemory memory)
    {
        Thread.Yield();
        return Errno.Success;
    }
}
