using System.Buffers.Binary;
using System.Text;
using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Descriptors;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>The descriptor table and descriptor state: fd_close, fd_renumber, fd_fdstat_*, fd_prestat_*.</summary>
internal static class FdDescriptorFunctions
{
    public static Errno Close(WasiContext context, IGuestMemory memory, uint fd) => context.Descriptors.Close(fd);

    public static Errno Renumber(WasiContext context, IGuestMemory memory, uint fd, uint to) => context.Descriptors.Renumber(fd, to);

    /// <summary>fd_fdstat_get: type, flags and rights. Needs no right: every descriptor may describe itself.</summary>
    public static Errno FdstatGet(WasiContext context, IGuestMemory memory, uint fd, uint resultPointer)
    {
        var errno = context.Descriptors.Get(fd, out var descriptor);
        if (errno != Errno.Success) return errno;
        if (!memory.TryGetSpan(resultPointer, Layouts.Fdstat.Size, out var record)) return Errno.Fault;

        record.Clear();
        record[Layouts.Fdstat.FileType] = (byte)descriptor.FileType;
        BinaryPrimitives.WriteUInt16LittleEndian(record[Layouts.Fdstat.Flags..], (ushort)descriptor.Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(record[Layouts.Fdstat.RightsBase..], (ulong)descriptor.BaseRights);
        BinaryPrimitives.WriteUInt64LittleEndian(record[Layouts.Fdstat.RightsInheriting..], (ulong)descriptor.InheritingRights);
        return Errno.Success;
    }

    public static Errno FdstatSetFlags(WasiContext context, IGuestMemory memory, uint fd, uint flags)
    {
        var errno = context.Descriptors.Get(fd, Rights.FdFdstatSetFlags, out var descriptor);
        if (errno != Errno.Success) return errno;
        if (flags > (uint)FdFlags.All) return Errno.Inval;
        return descriptor.SetFlags((FdFlags)flags);
    }

    /// <summary>fd_fdstat_set_rights: rights can be dropped, never added (<c>notcapable</c>).</summary>
    public static Errno FdstatSetRights(WasiContext context, IGuestMemory memory, uint fd, ulong baseRights, ulong inheritingRights)
    {
        var errno = context.Descriptors.Get(fd, out var descriptor);
        return errno != Errno.Success ? errno : descriptor.RestrictRights((Rights)baseRights, (Rights)inheritingRights);
    }

    /// <summary>
    /// fd_prestat_get. Anything but a preopen is <c>badf</c>: wasi-libc scans descriptors from 3 up
    /// and stops at the first <c>badf</c>, treating any other error as fatal.
    /// </summary>
    public static Errno PrestatGet(WasiContext context, IGuestMemory memory, uint fd, uint resultPointer)
    {
        var errno = GetPreopenName(context, fd, out var name);
        if (errno != Errno.Success) return errno;
        if (!memory.TryGetSpan(resultPointer, Layouts.Prestat.Size, out var record)) return Errno.Fault;

        record.Clear();
        record[Layouts.Prestat.Tag] = (byte)PreopenType.Dir;
        BinaryPrimitives.WriteUInt32LittleEndian(record[Layouts.Prestat.NameLength..], (uint)name.Length);
        return Errno.Success;
    }

    /// <summary>fd_prestat_dir_name: the name's bytes, no NUL; a buffer shorter than the name is <c>nametoolong</c>.</summary>
    public static Errno PrestatDirName(WasiContext context, IGuestMemory memory, uint fd, uint pathPointer, uint pathLength)
    {
        var errno = GetPreopenName(context, fd, out var name);
        if (errno != Errno.Success) return errno;
        if (pathLength < name.Length) return Errno.Nametoolong;
        return memory.TryWrite(pathPointer, name) ? Errno.Success : Errno.Fault;
    }

    private static Errno GetPreopenName(WasiContext context, uint fd, out byte[] name)
    {
        name = [];
        var errno = context.Descriptors.Get(fd, out var descriptor);
        if (errno != Errno.Success) return errno;
        if (descriptor is not DirectoryDescriptor { PreopenPath: { } path }) return Errno.Badf;
        name = Encoding.UTF8.GetBytes(path);
        return Errno.Success;
    }
}
