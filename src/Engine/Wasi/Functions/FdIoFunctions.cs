using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>Moving bytes and the offset: fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell.</summary>
internal static class FdIoFunctions
{
    public static Errno Read(WasiContext context, IGuestMemory memory, uint fd, uint iovs, uint iovsLength, uint resultPointer) =>
        Transfer(context, memory, fd, iovs, iovsLength, offset: null, resultPointer, write: false);

    public static Errno Write(WasiContext context, IGuestMemory memory, uint fd, uint iovs, uint iovsLength, uint resultPointer) =>
        Transfer(context, memory, fd, iovs, iovsLength, offset: null, resultPointer, write: true);

    public static Errno Pread(WasiContext context, IGuestMemory memory, uint fd, uint iovs, uint iovsLength, ulong offset, uint resultPointer) =>
        Transfer(context, memory, fd, iovs, iovsLength, offset, resultPointer, write: false);

    public static Errno Pwrite(WasiContext context, IGuestMemory memory, uint fd, uint iovs, uint iovsLength, ulong offset, uint resultPointer) =>
        Transfer(context, memory, fd, iovs, iovsLength, offset, resultPointer, write: true);

    /// <summary>
    /// fd_seek. Needs fd_seek, except that asking for the offset without moving it (cur, 0) also
    /// passes with fd_tell. A result before byte 0 is <c>inval</c>; seeking past the end is allowed.
    /// </summary>
    public static Errno Seek(WasiContext context, IGuestMemory memory, uint fd, long offset, uint whence, uint resultPointer)
    {
        var errno = context.Descriptors.Get(fd, out var descriptor);
        if (errno != Errno.Success) return errno;
        var onlyTells = whence == (uint)Whence.Cur && offset == 0;
        errno = descriptor.Require(Rights.FdSeek);
        if (errno != Errno.Success && onlyTells) errno = descriptor.Require(Rights.FdTell);
        if (errno != Errno.Success) return errno;
        if (whence > (uint)Whence.End) return Errno.Inval;
        if (!memory.Contains(resultPointer, 8)) return Errno.Fault;

        errno = descriptor.Seek(offset, (Whence)whence, out var position);
        if (errno != Errno.Success) return errno;
        memory.TryWriteUInt64(resultPointer, position);
        return Errno.Success;
    }

    /// <summary>fd_tell: the offset; fd_seek implies the right to tell.</summary>
    public static Errno Tell(WasiContext context, IGuestMemory memory, uint fd, uint resultPointer)
    {
        var errno = context.Descriptors.Get(fd, out var descriptor);
        if (errno != Errno.Success) return errno;
        if (descriptor.Require(Rights.FdTell) != Errno.Success && descriptor.Require(Rights.FdSeek) != Errno.Success) return Errno.Notcapable;
        if (!memory.Contains(resultPointer, 8)) return Errno.Fault;

        errno = descriptor.Seek(0, Whence.Cur, out var position);
        if (errno != Errno.Success) return errno;
        memory.TryWriteUInt64(resultPointer, position);
        return Errno.Success;
    }

    /// <summary>
    /// The four transfers. Everything the guest passed is checked before a byte moves, so a bad
    /// pointer never costs data (a read whose count could not be returned would lose its bytes).
    /// The positional forms need fd_seek besides fd_read or fd_write, as the witx says.
    /// </summary>
    private static Errno Transfer(WasiContext context, IGuestMemory memory, uint fd, uint iovs, uint iovsLength, ulong? offset, uint resultPointer, bool write)
    {
        var rights = (write ? Rights.FdWrite : Rights.FdRead) | (offset is null ? Rights.None : Rights.FdSeek);
        var errno = context.Descriptors.Get(fd, rights, out var descriptor);
        if (errno != Errno.Success) return errno;
        if (!memory.Contains(resultPointer, 4)) return Errno.Fault;
        errno = IoVectors.TryRead(memory, iovs, iovsLength, out var buffers);
        if (errno != Errno.Success) return errno;

        uint count;
        errno = (write, offset) switch
        {
            (false, null) => descriptor.Read(buffers, out count),
            (true, null) => descriptor.Write(buffers, out count),
            (false, { } at) => descriptor.ReadAt(buffers, at, out count),
            (true, { } at) => descriptor.WriteAt(buffers, at, out count),
        };
        if (errno != Errno.Success) return errno;
        memory.TryWriteUInt32(resultPointer, count);
        return Errno.Success;
    }
}
