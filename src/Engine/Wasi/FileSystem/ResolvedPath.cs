using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Host;

namespace Wasmbox.Engine.Wasi.FileSystem;

/// <summary>
/// Where a guest path led: an open directory inside the sandbox and one name in it, ready for an
/// *at(2) call. Dispose releases the directory unless it is the descriptor the walk started from.
/// </summary>
internal sealed class ResolvedPath : IDisposable
{
    private readonly bool _ownsDirectory;

    public ResolvedPath(HostFd directory, bool ownsDirectory, string name, bool mustBeDirectory)
    {
        Directory = directory;
        _ownsDirectory = ownsDirectory;
        Name = name;
        MustBeDirectory = mustBeDirectory;
    }

    /// <summary>The directory that contains the final component.</summary>
    public HostFd Directory { get; }

    /// <summary>
    /// The final component: a single name, or "." for the directory itself. Never contains a '/',
    /// except the trailing one an entry operation keeps for the kernel (see <see cref="PathResolver"/>).
    /// </summary>
    public string Name { get; }

    /// <summary>The guest wrote a trailing slash (or a followed symlink's contents ended in one): the target must be a directory.</summary>
    public bool MustBeDirectory { get; }

    /// <summary>
    /// For calls that cannot say "directory only" themselves (stat, set times, link): <c>notdir</c>
    /// when the path demanded a directory and names something else.
    /// </summary>
    public Errno CheckDirectoryDemand()
    {
        if (!MustBeDirectory) return Errno.Success;
        var errno = HostFileSystem.StatAt(Directory, Name, out var stat);
        if (errno != Errno.Success) return errno;
        return stat.FileType == FileType.Directory ? Errno.Success : Errno.Notdir;
    }

    public void Dispose()
    {
        if (_ownsDirectory) Directory.Dispose();
    }
}
