using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.FileSystem;
using Wasmbox.Engine.Wasi.Host;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>
/// Creating and removing directory entries: path_create_directory, path_remove_directory,
/// path_unlink_file, path_rename, path_link, path_symlink. Each resolves its paths inside the
/// sandbox and then makes one no-follow *at(2) call, whose errno is the answer.
/// </summary>
internal static class PathEntryFunctions
{
    public static Errno CreateDirectory(WasiContext context, IGuestMemory memory, uint fd, uint pathPointer, uint pathLength) =>
        OnEntry(context, memory, fd, Rights.PathCreateDirectory, pathPointer, pathLength,
            entry => HostFileSystem.Check(Syscalls.mkdirat(entry.Directory, entry.Name, 0x1FF /* 0777, less the umask */)));

    public static Errno RemoveDirectory(WasiContext context, IGuestMemory memory, uint fd, uint pathPointer, uint pathLength) =>
        OnEntry(context, memory, fd, Rights.PathRemoveDirectory, pathPointer, pathLength,
            entry => HostFileSystem.Check(Syscalls.unlinkat(entry.Directory, entry.Name, AtFlags.RemoveDirectory)));

    public static Errno UnlinkFile(WasiContext context, IGuestMemory memory, uint fd, uint pathPointer, uint pathLength) =>
        OnEntry(context, memory, fd, Rights.PathUnlinkFile, pathPointer, pathLength,
            entry => HostFileSystem.Check(Syscalls.unlinkat(entry.Directory, entry.Name, 0)));

    /// <summary>
    /// path_symlink: a link whose contents are <paramref name="targetPointer"/>. Absolute contents
    /// are refused (<c>notcapable</c>): inside the sandbox they could never resolve, and a host
    /// process reading the tree would follow them out of it. Relative contents are stored as
    /// given, ".." included; following them is checked like any path.
    /// </summary>
    public static Errno Symlink(WasiContext context, IGuestMemory memory, uint targetPointer, uint targetLength, uint fd, uint pathPointer, uint pathLength)
    {
        var errno = context.Descriptors.GetDirectory(fd, Rights.PathSymlink, out _);
        if (errno != Errno.Success) return errno;
        errno = GuestStrings.TryReadPath(memory, targetPointer, targetLength, out var target);
        if (errno != Errno.Success) return errno;
        if (target.StartsWith('/')) return Errno.Notcapable;

        return OnEntry(context, memory, fd, Rights.PathSymlink, pathPointer, pathLength,
            entry => HostFileSystem.Check(Syscalls.symlinkat(target, entry.Directory, entry.Name)));
    }

    /// <summary>path_rename: needs path_rename_source on <paramref name="fd"/> and path_rename_target on <paramref name="newFd"/>.</summary>
    public static Errno Rename(WasiContext context, IGuestMemory memory, uint fd, uint oldPointer, uint oldLength, uint newFd, uint newPointer, uint newLength) =>
        OnEntry(context, memory, fd, Rights.PathRenameSource, oldPointer, oldLength, source =>
            OnEntry(context, memory, newFd, Rights.PathRenameTarget, newPointer, newLength, target =>
                HostFileSystem.Check(Syscalls.renameat(source.Directory, source.Name, target.Directory, target.Name))));

    /// <summary>
    /// path_link: a hard link at <paramref name="newPointer"/> to <paramref name="oldPointer"/>, which is
    /// resolved as a lookup (following a final symlink when <paramref name="oldFlags"/> ask; by
    /// default the link is made to the symlink itself, as linkat without AT_SYMLINK_FOLLOW does).
    /// </summary>
    public static Errno Link(WasiContext context, IGuestMemory memory, uint oldFd, uint oldFlags, uint oldPointer, uint oldLength, uint newFd, uint newPointer, uint newLength)
    {
        if (oldFlags > (uint)LookupFlags.All) return Errno.Inval;
        var errno = context.Descriptors.GetDirectory(oldFd, Rights.PathLinkSource, out var oldDirectory);
        if (errno != Errno.Success) return errno;
        errno = GuestStrings.TryReadPath(memory, oldPointer, oldLength, out var oldPath);
        if (errno != Errno.Success) return errno;

        errno = PathResolver.ResolveForLookup(oldDirectory.Fd, oldPath, (oldFlags & (uint)LookupFlags.SymlinkFollow) != 0, out var source);
        if (errno != Errno.Success) return errno;
        using (source)
        {
            errno = source.CheckDirectoryDemand();
            if (errno != Errno.Success) return errno;
            return OnEntry(context, memory, newFd, Rights.PathLinkTarget, newPointer, newLength,
                target => HostFileSystem.Check(Syscalls.linkat(source.Directory, source.Name, target.Directory, target.Name, 0)));
        }
    }

    /// <summary>Checks the directory's right, reads and resolves the path as an entry, and runs <paramref name="operation"/> on it.</summary>
    private static Errno OnEntry(WasiContext context, IGuestMemory memory, uint fd, Rights right, uint pathPointer, uint pathLength, Func<ResolvedPath, Errno> operation)
    {
        var errno = context.Descriptors.GetDirectory(fd, right, out var directory);
        if (errno != Errno.Success) return errno;
        errno = GuestStrings.TryReadPath(memory, pathPointer, pathLength, out var path);
        if (errno != Errno.Success) return errno;

        errno = PathResolver.ResolveForEntry(directory.Fd, path, out var entry);
        if (errno != Errno.Success) return errno;
        using (entry) return operation(entry);
    }
}
