using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Host;

namespace Wasmbox.Engine.Wasi.Descriptors;

/// <summary>
/// A host directory: the root every path operation through this descriptor resolves from, and
/// never above. A preopen additionally has the guest path it was given.
/// </summary>
internal sealed class DirectoryDescriptor(HostFd fd, Rights baseRights, Rights inheritingRights, string? preopenPath = null)
    : HostDescriptor(fd, baseRights, inheritingRights, FdFlags.None)
{
    private List<DirectoryEntry>? _listing;

    public override FileType FileType => FileType.Directory;

    /// <summary>The guest path of a preopen (what <c>fd_prestat_dir_name</c> returns); null otherwise.</summary>
    public string? PreopenPath { get; } = preopenPath;

    /// <summary>
    /// The entries <c>fd_readdir</c> serves, where a cookie is an index into this list. Cookie 0
    /// (a fresh start, or rewinddir) re-reads the directory; any other cookie continues the listing
    /// taken then, so cookies stay meaningful across calls even while the directory changes (POSIX
    /// leaves it unspecified whether entries added or removed meanwhile show up).
    /// </summary>
    public Errno GetListing(ulong cookie, out IReadOnlyList<DirectoryEntry> entries)
    {
        if (cookie == 0 || _listing is null)
        {
            var errno = DirectoryListing.Read(Fd, out var fresh);
            if (errno != Errno.Success)
            {
                entries = [];
                return errno;
            }

            _listing = fresh;
        }

        entries = _listing;
        return Errno.Success;
    }

    /// <summary>fdflags on a directory change nothing on Linux; they are only remembered.</summary>
    public override Errno SetFlags(FdFlags flags)
    {
        Flags = flags;
        return Errno.Success;
    }
}
