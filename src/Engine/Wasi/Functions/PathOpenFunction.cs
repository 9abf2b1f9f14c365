using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Descriptors;
using Wasmbox.Engine.Wasi.FileSystem;
using Wasmbox.Engine.Wasi.Host;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>path_open: the only way a guest gets a new descriptor.</summary>
internal static class PathOpenFunction
{
    /// <summary>
    /// Opens <paramref name="pathPointer"/> relative to the directory <paramref name="fd"/>.
    /// <list type="bullet">
    /// <item>The directory needs path_open, plus path_create_file for <c>creat</c> and
    /// path_filestat_set_size for <c>trunc</c>.</item>
    /// <item>The new descriptor's rights are what was asked for, cut to the directory's inheriting
    /// rights and to what applies to the kind of file opened. Guests ask for more than they need
    /// (Rust's std asks a read-only open for path_create_directory, among others), so asking is
    /// not failing; the one exception is write access on a read-only tree, refused with
    /// <c>notcapable</c> right away rather than handing out a descriptor that fails every write.</item>
    /// <item>The host file is opened for writing when fd_write, fd_allocate or
    /// fd_filestat_set_size is granted, for reading otherwise (or as well).</item>
    /// </list>
    /// </summary>
    public static Errno Open(
        WasiContext context, IGuestMemory memory, uint fd, uint lookupFlags, uint pathPointer, uint pathLength,
        uint openFlags, ulong requestedBase, ulong requestedInheriting, uint fdFlags, uint resultPointer)
    {
        if (lookupFlags > (uint)LookupFlags.All || openFlags > (uint)OFlags.All || fdFlags > (uint)FdFlags.All) return Errno.Inval;
        var oflags = (OFlags)openFlags;
        var flags = (FdFlags)fdFlags;

        var required = Rights.PathOpen
            | ((oflags & OFlags.Creat) != 0 ? Rights.PathCreateFile : Rights.None)
            | ((oflags & OFlags.Trunc) != 0 ? Rights.PathFilestatSetSize : Rights.None);
        var errno = context.Descriptors.GetDirectory(fd, required, out var directory);
        if (errno != Errno.Success) return errno;
        if (!memory.Contains(resultPointer, 4)) return Errno.Fault;
        errno = GuestStrings.TryReadPath(memory, pathPointer, pathLength, out var path);
        if (errno != Errno.Success) return errno;

        var askedBase = (Rights)requestedBase;
        if ((askedBase & Rights.FdWrite) != 0 && (directory.InheritingRights & Rights.FdWrite) == 0) return Errno.Notcapable;
        var baseRights = askedBase & directory.InheritingRights;
        var inheritingRights = (Rights)requestedInheriting & directory.InheritingRights;

        // O_DIRECTORY|O_CREAT means "create a directory" nowhere; Linux itself changed its answer over the years.
        if ((oflags & (OFlags.Directory | OFlags.Creat)) == (OFlags.Directory | OFlags.Creat)) return Errno.Inval;

        errno = PathResolver.ResolveForLookup(directory.Fd, path, (lookupFlags & (uint)LookupFlags.SymlinkFollow) != 0, out var resolved);
        if (errno != Errno.Success) return errno;
        using (resolved)
        {
            var hostFlags = HostOpenFlags(oflags, flags, baseRights, resolved.MustBeDirectory);
            errno = HostFileSystem.OpenAt(resolved.Directory, resolved.Name, hostFlags, out var opened);
            if (errno != Errno.Success) return errno;

            errno = HostFileSystem.Stat(opened, out var stat);
            if (errno != Errno.Success)
            {
                opened.Dispose();
                return errno;
            }

            Descriptor descriptor = stat.FileType == FileType.Directory
                ? new DirectoryDescriptor(opened, baseRights & RightSets.Directory, inheritingRights)
                : new FileDescriptor(opened, stat.FileType, baseRights & RightSets.File, inheritingRights, flags);
            errno = context.Descriptors.Add(descriptor, out var newFd);
            if (errno != Errno.Success) return errno;
            memory.TryWriteUInt32(resultPointer, newFd);
            return Errno.Success;
        }
    }

    private static int HostOpenFlags(OFlags oflags, FdFlags fdFlags, Rights baseRights, bool mustBeDirectory)
    {
        var write = (baseRights & RightSets.WriteAccess) != 0;
        var read = (baseRights & (Rights.FdRead | Rights.FdReaddir)) != 0 || !write;
        var flags = (read, write) switch
        {
            (true, true) => OpenFlags.ReadWrite,
            (false, true) => OpenFlags.WriteOnly,
            _ => OpenFlags.ReadOnly,
        };

        if ((oflags & OFlags.Creat) != 0) flags |= OpenFlags.Create;
        if ((oflags & OFlags.Excl) != 0) flags |= OpenFlags.Exclusive;
        if ((oflags & OFlags.Trunc) != 0) flags |= OpenFlags.Truncate;
        if ((oflags & OFlags.Directory) != 0 || mustBeDirectory) flags |= OpenFlags.Directory;
        if ((fdFlags & FdFlags.Append) != 0) flags |= OpenFlags.Append;
        if ((fdFlags & FdFlags.Nonblock) != 0) flags |= OpenFlags.NonBlock;
        if ((fdFlags & FdFlags.Dsync) != 0) flags |= OpenFlags.DataSync;
        if ((fdFlags & (FdFlags.Sync | FdFlags.Rsync)) != 0) flags |= OpenFlags.Sync;
        return flags;
    }
}
