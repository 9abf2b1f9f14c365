using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Host;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.FileSystem;

/// <summary>
/// Turns a guest path, relative to a directory descriptor, into a directory and a final name
/// without ever leaving that directory. This is the sandbox: it walks one component at a time,
/// opening each directory relative to the previous one with O_NOFOLLOW, reads every symlink it
/// meets itself and splices the contents into the walk, and treats ".." as "back to the previous
/// directory I entered". So nothing reaches outside the start directory: not an absolute path,
/// not "..", not a symlink (absolute, relative or chained), not a rename racing with the walk.
/// </summary>
/// <remarks>
/// <para>
/// The kernel only ever sees one name relative to a directory we hold, and every call made with
/// the result is a no-follow call; a symlink swapped in after the walk checked a name is then
/// operated on (or refused with ELOOP) as a link, never followed.
/// </para>
/// <para>
/// Two kinds of operation differ in what a trailing slash and a final symlink mean, as in POSIX.
/// Lookups (open, stat, set times, the source of a link, readlink) follow a final symlink when
/// asked or when the path ends in '/', which also demands a directory. Entry operations (create a
/// directory, link or symlink; remove; rename) act on the name itself and never follow it; for
/// them the trailing slash is left on the name so the kernel applies its own rules (EISDIR,
/// ENOTDIR, ENOENT), which for these calls never follow a link either.
/// </para>
/// </remarks>
internal static class PathResolver
{
    /// <summary>Symlinks one walk may expand, Linux's MAXSYMLINKS; more is <c>loop</c>.</summary>
    public const int MaxSymlinks = 40;

    /// <summary>Resolves a path for a lookup; the final symlink is followed when <paramref name="followSymlinks"/>.</summary>
    public static Errno ResolveForLookup(HostFd start, string path, bool followSymlinks, out ResolvedPath resolved) =>
        Resolve(start, path, entry: false, followSymlinks, out resolved);

    /// <summary>Resolves a path for an operation on the directory entry itself (never follows the final component).</summary>
    public static Errno ResolveForEntry(HostFd start, string path, out ResolvedPath resolved) =>
        Resolve(start, path, entry: true, followFinal: false, out resolved);

    private static Errno Resolve(HostFd start, string path, bool entry, bool followFinal, out ResolvedPath resolved)
    {
        resolved = null!;
        if (path.Length == 0) return Errno.Noent;

        // WASI paths are relative to a descriptor; an absolute one names something outside it.
        if (path[0] == '/') return Errno.Notcapable;

        var trailingSlash = path[^1] == '/';
        var pending = new Stack<string>();
        PushComponents(pending, path);

        using var directories = new DirectoryStack(start);
        var symlinks = 0;
        var final = ".";
        while (pending.TryPop(out var component))
        {
            var isLast = pending.Count == 0;
            if (component == ".")
            {
                if (isLast) final = ".";
                continue;
            }

            if (component == "..")
            {
                if (!directories.TryPop()) return Errno.Notcapable;
                if (isLast) final = ".";
                continue;
            }

            if (isLast)
            {
                if (!entry && (followFinal || trailingSlash))
                {
                    var errno = HostFileSystem.ReadLinkAt(directories.Top, component, out var target);
                    if (errno == Errno.Success)
                    {
                        errno = Splice(pending, target, ref symlinks, ref trailingSlash, isLast: true);
                        if (errno != Errno.Success) return errno;
                        continue;
                    }

                    // Not a symlink, or not there at all: either way this name is the result.
                    if (errno != Errno.Inval && errno != Errno.Noent) return errno;
                }

                final = component;
                continue;
            }

            var opened = HostFileSystem.OpenAt(directories.Top, component, OpenFlags.Path | OpenFlags.Directory, out var directory);
            if (opened == Errno.Success)
            {
                if (!directories.TryPush(directory)) return Errno.Nametoolong;
                continue;
            }

            // O_NOFOLLOW|O_DIRECTORY on a symlink fails (ENOTDIR or ELOOP); read it ourselves.
            if (opened != Errno.Notdir && opened != Errno.Loop) return opened;
            var isLink = HostFileSystem.ReadLinkAt(directories.Top, component, out var contents);
            if (isLink != Errno.Success) return opened;
            var spliced = Splice(pending, contents, ref symlinks, ref trailingSlash, isLast: false);
            if (spliced != Errno.Success) return spliced;
        }

        var name = entry && trailingSlash ? final + "/" : final;
        resolved = directories.Finish(name, mustBeDirectory: trailingSlash);
        return Errno.Success;
    }

    /// <summary>
    /// Replaces a symlink in the walk by its contents, which continue from the directory holding
    /// the link. Absolute contents point outside the sandbox (<c>notcapable</c>); contents with
    /// ".." are fine, because ".." is checked against the walk like any other.
    /// </summary>
    private static Errno Splice(Stack<string> pending, byte[] target, ref int symlinks, ref bool trailingSlash, bool isLast)
    {
        if (++symlinks > MaxSymlinks) return Errno.Loop;
        if (GuestStrings.TryDecode(target) is not { } contents) return Errno.Ilseq;
        if (contents.Length == 0) return Errno.Noent;
        if (contents[0] == '/') return Errno.Notcapable;

        // A link at the end of the path whose contents end in '/' makes the end a directory.
        if (isLast && contents[^1] == '/') trailingSlash = true;
        PushComponents(pending, contents);
        return Errno.Success;
    }

    /// <summary>Pushes the components of <paramref name="path"/> so that the first is popped first. Empty ones ("a//b") vanish.</summary>
    private static void PushComponents(Stack<string> pending, string path)
    {
        var components = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = components.Length - 1; i >= 0; i--) pending.Push(components[i]);
    }
}
