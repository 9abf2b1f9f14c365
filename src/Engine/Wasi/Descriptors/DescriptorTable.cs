using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Wasi.Descriptors;

/// <summary>
/// The guest's file descriptor numbers. A new descriptor gets the lowest free number, as POSIX
/// does (WASI allows any; the lowest keeps numbers small and predictable for tests and logs).
/// </summary>
/// <remarks>Not thread-safe: a WASI context serves one guest thread.</remarks>
internal sealed class DescriptorTable(int capacity) : IDisposable
{
    private readonly List<Descriptor?> _slots = [];
    private int _count;

    /// <summary>The most descriptors open at once; more is <c>mfile</c>. Bounds the host descriptors one guest can hold.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>The descriptor numbered <paramref name="fd"/>, or <c>badf</c>.</summary>
    public Errno Get(uint fd, out Descriptor descriptor)
    {
        descriptor = null!;
        if (fd >= (uint)_slots.Count || _slots[(int)fd] is not { } found) return Errno.Badf;
        descriptor = found;
        return Errno.Success;
    }

    /// <summary>The descriptor numbered <paramref name="fd"/> if it holds <paramref name="rights"/>: else <c>badf</c> or <c>notcapable</c>.</summary>
    public Errno Get(uint fd, Rights rights, out Descriptor descriptor)
    {
        var errno = Get(fd, out descriptor);
        return errno != Errno.Success ? errno : descriptor.Require(rights);
    }

    /// <summary>
    /// The directory numbered <paramref name="fd"/> holding <paramref name="rights"/>: <c>badf</c>
    /// if there is none, <c>notdir</c> if it is something else, <c>notcapable</c> without the rights.
    /// </summary>
    public Errno GetDirectory(uint fd, Rights rights, out DirectoryDescriptor directory)
    {
        directory = null!;
        var errno = Get(fd, out var descriptor);
        if (errno != Errno.Success) return errno;
        if (descriptor is not DirectoryDescriptor found) return Errno.Notdir;
        directory = found;
        return found.Require(rights);
    }

    /// <summary>Numbers a new descriptor; <c>mfile</c> (and the descriptor disposed) when the table is full.</summary>
    public Errno Add(Descriptor descriptor, out uint fd)
    {
        fd = 0;
        if (_count >= Capacity)
        {
            descriptor.Dispose();
            return Errno.Mfile;
        }

        var free = _slots.IndexOf(null);
        if (free < 0)
        {
            free = _slots.Count;
            _slots.Add(null);
        }

        _slots[free] = descriptor;
        _count++;
        fd = (uint)free;
        return Errno.Success;
    }

    /// <summary><c>fd_close</c>: frees the number and closes the host side.</summary>
    public Errno Close(uint fd)
    {
        var errno = Get(fd, out var descriptor);
        if (errno != Errno.Success) return errno;
        _slots[(int)fd] = null;
        _count--;
        descriptor.Dispose();
        return Errno.Success;
    }

    /// <summary>
    /// <c>fd_renumber</c>: <paramref name="to"/> (which must be open) is closed and its number given
    /// to the descriptor of <paramref name="from"/>, whose own number becomes free.
    /// </summary>
    public Errno Renumber(uint from, uint to)
    {
        var errno = Get(from, out var moving);
        if (errno != Errno.Success) return errno;
        errno = Get(to, out var replaced);
        if (errno != Errno.Success) return errno;
        if (from == to) return Errno.Success;

        _slots[(int)to] = moving;
        _slots[(int)from] = null;
        _count--;
        replaced.Dispose();
        return Errno.Success;
    }

    public void Dispose()
    {
        foreach (var descriptor in _slots) descriptor?.Dispose();
        _slots.Clear();
        _count = 0;
    }
}
