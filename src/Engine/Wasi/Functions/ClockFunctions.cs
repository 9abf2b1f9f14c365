using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Host;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>clock_res_get and clock_time_get, for all four clocks.</summary>
internal static class ClockFunctions
{
    public static Errno ResGet(WasiContext context, IGuestMemory memory, uint clock, uint resultPointer)
    {
        var errno = HostClock.TryGetResolution(clock, out var resolution);
        if (errno != Errno.Success) return errno;
        return memory.TryWriteUInt64(resultPointer, resolution) ? Errno.Success : Errno.Fault;
    }

    /// <summary>clock_time_get. The precision argument is a hint we need not honour: we always read the clock exactly.</summary>
    public static Errno TimeGet(WasiContext context, IGuestMemory memory, uint clock, ulong precision, uint resultPointer)
    {
        var errno = HostClock.TryGetTime(clock, out var now);
        if (errno != Errno.Success) return errno;
        return memory.TryWriteUInt64(resultPointer, now) ? Errno.Success : Errno.Fault;
    }
}
