using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Host;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Descriptors;

/// <summary>
/// A host object that is not a directory: usually a regular file, possibly a device or FIFO that
/// lives inside a preopen. The kernel keeps the offset and the append flag; we only translate.
/// </summary>
internal sealed class FileDescriptor(HostFd fd, FileType fileType, Rights baseRights, Rights inheritingRights, FdFlags flags)
    : HostDescriptor(fd, baseRights, inheritingRights, flags)
{
    /// <summary>
    /// FdFlags that fcntl(F_SETFL) can change on Linux. The sync flags can only be chosen at open.
    /// </summary>
    private const FdFlags Changeable = FdFlags.Append | FdFlags.Nonblock;

    public override FileType FileType { get; } = fileType;

    /// <summary>
    /// Regular files fill every buffer they can; anything else (a FIFO, a terminal) gets a single
    /// transfer, because a second read could block although the first already returned data.
    /// </summary>
    private bool SingleTransfer => FileType != FileType.RegularFile;

    public override Errno Read(in IoVectors buffers, out uint bytesRead) =>
        HostIo.Read(Fd, buffers, offset: null, SingleTransfer, out bytesRead);

    public override Errno Write(in IoVectors buffers, out uint bytesWritten) =>
        HostIo.Write(Fd, buffers, offset: null, SingleTransfer, out bytesWritten);

    public override Errno ReadAt(in IoVectors buffers, ulong offset, out uint bytesRead) =>
        HostIo.Read(Fd, buffers, offset, SingleTransfer, out bytesRead);

    public override Errno WriteAt(in IoVectors buffers, ulong offset, out uint bytesWritten) =>
        HostIo.Write(Fd, buffers, offset, SingleTransfer, out bytesWritten);

    public override Errno Seek(long offset, Whence whence, out ulong newOffset)
    {
        var result = Syscalls.lseek(Fd, offset, (int)whence);
        newOffset = result < 0 ? 0 : (ulong)result;
        return result < 0 ? LinuxErrno.ToWasi(Syscalls.LastError) : Errno.Success;
    }

    public override Errno SetSize(ulong size) =>
        size > long.MaxValue ? Errno.Fbig : HostFileSystem.Check(Syscalls.ftruncate(Fd, (long)size));

    public override Errno Advise(ulong offset, ulong length, Advice advice)
    {
        if (offset > long.MaxValue || length > long.MaxValue) return Errno.Inval;
        return LinuxErrno.ToWasi(Syscalls.posix_fadvise(Fd, (long)offset, (long)length, (int)advice));
    }

    public override Errno Allocate(ulong offset, ulong length)
    {
        if (offset > long.MaxValue || length > long.MaxValue || offset + length > long.MaxValue) return Errno.Fbig;
        return LinuxErrno.ToWasi(Syscalls.posix_fallocate(Fd, (long)offset, (long)length));
    }

    public override Errno SetFlags(FdFlags flags)
    {
        if ((flags & ~Changeable) != (Flags & ~Changeable)) return Errno.Notsup;

        var current = Syscalls.fcntl(Fd, FcntlCommand.GetFlags, 0);
        if (current < 0) return LinuxErrno.ToWasi(Syscalls.LastError);
        var wanted = current & ~(OpenFlags.Append | OpenFlags.NonBlock);
        if ((flags & FdFlags.Append) != 0) wanted |= OpenFlags.Append;
        if ((flags & FdFlags.Nonblock) != 0) wanted |= OpenFlags.NonBlock;
        if (Syscalls.fcntl(Fd, FcntlCommand.SetFlags, wanted) < 0) return LinuxErrno.ToWasi(Syscalls.LastError);

        Flags = flags;
        return Errno.Success;
    }
}
