using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>The file behind a descriptor: fd_advise, fd_allocate, fd_sync, fd_datasync, fd_filestat_*.</summary>
internal static class FdFileFunctions
{
    public static Errno Advise(WasiContext context, IGuestMemory memory, uint fd, ulong offset, ulong length, uint advice)
    {
        var errno = context.Descriptors.Get(fd, Rights.FdAdvise, out var descriptor);
        if (errno != Errno.Success) return errno;
        if (advice > (uint)Abi.Advice.Noreuse) return Errno.Inval;
        return descriptor.Advise(offset, length, (Advice)advice);
    }

    /// <summary>fd_allocate: posix_fallocate, which also grows the file when offset + length passes its end.</summary>
    public static Errno Allocate(WasiContext context, IGuestMemory memory, uint fd, ulong offset, ulong length)
    {
        var errno = context.Descriptors.Get(fd, Rights.FdAllocate, out var descriptor);
        return errno != Errno.Success ? errno : descriptor.Allocate(offset, length);
    }

    public static Errno Sync(WasiContext context, IGuestMemory memory, uint fd)
    {
        var errno = context.Descriptors.Get(fd, Rights.FdSync, out var descriptor);
        return errno != Errno.Success ? errno : descriptor.Sync(dataOnly: false);
    }

    public static Errno Datasync(WasiContext context, IGuestMemory memory, uint fd)
    {
        var errno = context.Descriptors.Get(fd, Rights.FdDatasync, out var descriptor);
        return errno != Errno.Success ? errno : descriptor.Sync(dataOnly: true);
    }

    public static Errno FilestatGet(WasiContext context, IGuestMemory memory, uint fd, uint resultPointer)
    {
        var errno = context.Descriptors.Get(fd, Rights.FdFilestatGet, out var descriptor);
        if (errno != Errno.Success) return errno;
        if (!memory.TryGetSpan(resultPointer, Layouts.Filestat.Size, out var record)) return Errno.Fault;

        errno = descriptor.GetFilestat(out var stat);
        if (errno != Errno.Success) return errno;
        stat.WriteTo(record);
        return Errno.Success;
    }

    /// <summary>fd_filestat_set_size: truncate or extend (with zeros).</summary>
    public static Errno FilestatSetSize(WasiContext context, IGuestMemory memory, uint fd, ulong size)
    {
        var errno = context.Descriptors.Get(fd, Rights.FdFilestatSetSize, out var descriptor);
        return errno != Errno.Success ? errno : descriptor.SetSize(size);
    }

    public static Errno FilestatSetTimes(WasiContext context, IGuestMemory memory, uint fd, ulong accessTime, ulong modificationTime, uint flags)
    {
        var errno = context.Descriptors.Get(fd, Rights.FdFilestatSetTimes, out var descriptor);
        if (errno != Errno.Success) return errno;
        errno = FileTimes.TryConvert(accessTime, modificationTime, flags, out var access, out var modification);
        return errno != Errno.Success ? errno : descriptor.SetTimes(access, modification);
    }
}
