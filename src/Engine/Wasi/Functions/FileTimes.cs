using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Host;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>The timestamp arguments of <c>fd_filestat_set_times</c> and <c>path_filestat_set_times</c>.</summary>
internal static class FileTimes
{
    /// <summary>
    /// The utimensat times for the guest's arguments. <c>inval</c> for unknown flags or for asking
    /// both for a value and for "now" on the same timestamp; a timestamp not asked for is left alone.
    /// </summary>
    public static Errno TryConvert(ulong accessTime, ulong modificationTime, uint flags, out TimeSpec access, out TimeSpec modification)
    {
        access = modification = default;
        var fst = (FstFlags)flags;
        if (flags > (uint)FstFlags.All) return Errno.Inval;
        if ((fst & (FstFlags.Atim | FstFlags.AtimNow)) == (FstFlags.Atim | FstFlags.AtimNow)) return Errno.Inval;
        if ((fst & (FstFlags.Mtim | FstFlags.MtimNow)) == (FstFlags.Mtim | FstFlags.MtimNow)) return Errno.Inval;

        access = Convert(accessTime, (fst & FstFlags.Atim) != 0, (fst & FstFlags.AtimNow) != 0);
        modification = Convert(modificationTime, (fst & FstFlags.Mtim) != 0, (fst & FstFlags.MtimNow) != 0);
        return Errno.Success;
    }

    private static TimeSpec Convert(ulong nanoseconds, bool set, bool now) => (set, now) switch
    {
        (_, true) => new TimeSpec { Nanoseconds = TimeSpecial.Now },
        (true, _) => new TimeSpec { Seconds = (long)(nanoseconds / 1_000_000_000), Nanoseconds = (long)(nanoseconds % 1_000_000_000) },
        _ => new TimeSpec { Nanoseconds = TimeSpecial.Omit },
    };
}
