using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Host;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Descriptors;

/// <summary>
/// What a guest file descriptor number refers to: a host file, a host directory, or a stream the
/// embedder provided. Holds the WASI-visible state (rights, fdflags); each kind implements the
/// operations it supports, and the defaults answer with the errno POSIX gives for the others.
/// </summary>
/// <remarks>Operations assume the caller has already checked rights; see <see cref="Require"/>.</remarks>
internal abstract class Descriptor : IDisposable
{
    protected Descriptor(Rights baseRights, Rights inheritingRights, FdFlags flags)
    {
        BaseRights = baseRights;
        InheritingRights = inheritingRights;
        Flags = flags;
    }

    public abstract FileType FileType { get; }

    /// <summary>Rights for operations on this descriptor.</summary>
    public Rights BaseRights { get; private set; }

    /// <summary>Rights descriptors opened through this one (a directory) may get.</summary>
    public Rights InheritingRights { get; private set; }

    public FdFlags Flags { get; protected set; }

    /// <summary><c>notcapable</c> unless this descriptor holds every right in <paramref name="rights"/>.</summary>
    public Errno Require(Rights rights) => (BaseRights & rights) == rights ? Errno.Success : Errno.Notcapable;

    /// <summary>Narrows the rights (<c>fd_fdstat_set_rights</c>); <c>notcapable</c> if that would add any.</summary>
    public Errno RestrictRights(Rights baseRights, Rights inheritingRights)
    {
        if ((baseRights & ~BaseRights) != 0 || (inheritingRights & ~InheritingRights) != 0) return Errno.Notcapable;
        BaseRights = baseRights;
        InheritingRights = inheritingRights;
        return Errno.Success;
    }

    public abstract Errno GetFilestat(out Filestat stat);

    public virtual Errno Read(in IoVectors buffers, out uint bytesRead)
    {
        bytesRead = 0;
        return Errno.Badf;
    }

    public virtual Errno Write(in IoVectors buffers, out uint bytesWritten)
    {
        bytesWritten = 0;
        return Errno.Badf;
    }

    public virtual Errno ReadAt(in IoVectors buffers, ulong offset, out uint bytesRead)
    {
        bytesRead = 0;
        return Errno.Spipe;
    }

    public virtual Errno WriteAt(in IoVectors buffers, ulong offset, out uint bytesWritten)
    {
        bytesWritten = 0;
        return Errno.Spipe;
    }

    public virtual Errno Seek(long offset, Whence whence, out ulong newOffset)
    {
        newOffset = 0;
        return Errno.Spipe;
    }

    /// <summary><c>fd_sync</c>, or <c>fd_datasync</c> when <paramref name="dataOnly"/>.</summary>
    public virtual Errno Sync(bool dataOnly) => Errno.Inval;

    public virtual Errno SetSize(ulong size) => Errno.Inval;

    public virtual Errno SetTimes(TimeSpec access, TimeSpec modification) => Errno.Badf;

    public virtual Errno Advise(ulong offset, ulong length, Advice advice) => Errno.Spipe;

    public virtual Errno Allocate(ulong offset, ulong length) => Errno.Spipe;

    /// <summary><c>fd_fdstat_set_flags</c>.</summary>
    public virtual Errno SetFlags(FdFlags flags) => Errno.Notsup;

    public virtual void Dispose()
    {
    }
}
