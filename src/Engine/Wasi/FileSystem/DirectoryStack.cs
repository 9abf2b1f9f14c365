using Wasmbox.Engine.Wasi.Host;

namespace Wasmbox.Engine.Wasi.FileSystem;

/// <summary>
/// The directories a path walk has entered, starting at the descriptor the guest named. ".."
/// pops this stack instead of asking the kernel for a parent, so a walk can never climb above
/// where it started, whatever the directories are renamed to meanwhile.
/// </summary>
internal sealed class DirectoryStack(HostFd start) : IDisposable
{
    /// <summary>
    /// How deep a walk may go below its start. Each level holds a host descriptor until the walk
    /// ends, so this bounds what one call can hold; far beyond any real tree.
    /// </summary>
    public const int MaxDepth = 1024;

    private readonly List<HostFd> _entered = [];

    public HostFd Top => _entered.Count > 0 ? _entered[^1] : start;

    public bool IsAtStart => _entered.Count == 0;

    /// <summary>Enters a directory (taking ownership); false, and the descriptor closed, past <see cref="MaxDepth"/>.</summary>
    public bool TryPush(HostFd directory)
    {
        if (_entered.Count >= MaxDepth)
        {
            directory.Dispose();
            return false;
        }

        _entered.Add(directory);
        return true;
    }

    /// <summary>Leaves the current directory; false at the start, which nothing may climb above.</summary>
    public bool TryPop()
    {
        if (_entered.Count == 0) return false;
        _entered[^1].Dispose();
        _entered.RemoveAt(_entered.Count - 1);
        return true;
    }

    /// <summary>Hands the current directory to the caller: the result of the walk.</summary>
    public ResolvedPath Finish(string name, bool mustBeDirectory)
    {
        if (_entered.Count == 0) return new ResolvedPath(start, ownsDirectory: false, name, mustBeDirectory);
        var top = _entered[^1];
        _entered.RemoveAt(_entered.Count - 1);
        return new ResolvedPath(top, ownsDirectory: true, name, mustBeDirectory);
    }

    public void Dispose()
    {
        foreach (var directory in _entered) directory.Dispose();
        _entered.Clear();
    }
}
