using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.FileSystem;
using Wasmbox.Engine.Wasi.Host;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>Looking at what a path names: path_filestat_get, path_filestat_set_times, path_readlink.</summary>
internal static class PathMetadataFunctions
{
    public static Errno FilestatGet(WasiContext context, IGuestMemory memory, uint fd, uint lookupFlags, uint pathPointer, uint pathLength, uint resultPointer)
    {
        if (lookupFlags > (uint)LookupFlags.All) return Errno.Inval;
        var errno = Resolve(context, memory, fd, Rights.PathFilestatGet, (LookupFlags)lookupFlags, pathPointer, pathLength, out var resolved);
        if (errno != Errno.Success) return errno;
        using (resolved)
        {
            if (!memory.TryGetSpan(resultPointer, Layouts.Filestat.Size, out var record)) return Errno.Fault;
            errno = HostFileSystem.StatAt(resolved.Directory, resolved.Name, out var stat);
            if (errno != Errno.Success) return errno;
            if (resolved.MustBeDirectory && stat.FileType != FileType.Directory) return Errno.Notdir;
            stat.WriteTo(record);
            return Errno.Success;
        }
    }

    public static Errno FilestatSetTimes(
        WasiContext context, IGuestMemory memory, uint fd, uint lookupFlags, uint pathPointer, uint pathLength,
        ulong accessTime, ulong modificationTime, uint fstFlags)
    {
        if (lookupFlags > (uint)LookupFlags.All) return Errno.Inval;
        var errno = FileTimes.TryConvert(accessTime, modificationTime, fstFlags, out var access, out var modification);
        if (errno != Errno.Success) return errno;
        errno = Resolve(context, memory, fd, Rights.PathFilestatSetTimes, (LookupFlags)lookupFlags, pathPointer, pathLength, out var resolved);
        if (errno != Errno.Success) return errno;
        using (resolved)
        {
            errno = resolved.CheckDirectoryDemand();
            return errno != Errno.Success ? errno : HostFileSystem.SetTimes(resolved.Directory, resolved.Name, access, modification);
        }
    }

    /// <summary>
    /// path_readlink: as many bytes of the link's contents as fit (no NUL added), and their count.
    /// A path that is not a symlink is <c>inval</c>, as readlink(2) says.
    /// </summary>
    public static Errno Readlink(WasiContext context, IGuestMemory memory, uint fd, uint pathPointer, uint pathLength, uint buffer, uint bufferLength, uint resultPointer)
    {
        var errno = Resolve(context, memory, fd, Rights.PathReadlink, LookupFlags.None, pathPointer, pathLength, out var resolved);
        if (errno != Errno.Success) return errno;
        using (resolved)
        {
            if (!memory.TryGetSpan(buffer, bufferLength, out var output) || !memory.Contains(resultPointer, 4)) return Errno.Fault;
            errno = HostFileSystem.ReadLinkAt(resolved.Directory, resolved.Name, out var contents);
            if (errno != Errno.Success) return errno;

            var count = Math.Min(contents.Length, output.Length);
            contents.AsSpan(0, count).CopyTo(output);
            memory.TryWriteUInt32(resultPointer, (uint)count);
            return Errno.Success;
        }
    }

    private static Errno Resolve(WasiContext context, IGuestMemory memory, uint fd, Rights right, LookupFlags flags, uint pathPointer, uint pathLength, out ResolvedPath resolved)
    {
        resolved = null!;
        var errno = context.Descriptors.GetDirectory(fd, right, out var directory);
        if (errno != Errno.Success) return errno;
        errno = GuestStrings.TryReadPath(memory, pathPointer, pathLength, out var path);
        if (errno != Errno.Success) return errno;
        return PathResolver.ResolveForLookup(directory.Fd, path, (flags & LookupFlags.SymlinkFollow) != 0, out resolved);
    }
}
