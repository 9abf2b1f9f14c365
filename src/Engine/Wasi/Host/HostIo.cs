using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Host;

/// <summary>
/// Scatter/gather IO on a host descriptor, one buffer per read(2)/write(2) (guest buffers are not
/// pinned together, so readv(2) would need a copy). The loop stops at the first short transfer, so
/// the result is what one readv/writev could have returned.
/// </summary>
internal static unsafe class HostIo
{
    /// <summary>
    /// Reads into <paramref name="buffers"/> at the descriptor's offset (or at <paramref name="offset"/>,
    /// leaving the descriptor's offset alone). An error after some bytes arrived is not reported:
    /// the bytes are, and the next call meets the error again.
    /// </summary>
    public static Errno Read(HostFd fd, in IoVectors buffers, ulong? offset, bool singleTransfer, out uint total)
        => Transfer(fd, buffers, offset, singleTransfer, write: false, out total);

    /// <summary>Writes <paramref name="buffers"/>; same rules as <see cref="Read"/>.</summary>
    public static Errno Write(HostFd fd, in IoVectors buffers, ulong? offset, bool singleTransfer, out uint total)
        => Transfer(fd, buffers, offset, singleTransfer, write: true, out total);

    private static Errno Transfer(HostFd fd, in IoVectors buffers, ulong? offset, bool singleTransfer, bool write, out uint total)
    {
        total = 0;
        for (var i = 0; i < buffers.Count; i++)
        {
            var buffer = buffers.Buffer(i, IoVectors.MaxTransfer - total);
            if (buffer.IsEmpty) continue;

            // pread/pwrite take a signed offset; past long.MaxValue there is no byte to address.
            if (offset is { } start && start > (ulong)long.MaxValue - total) return total > 0 ? Errno.Success : Errno.Inval;
            var position = offset is { } at ? (long)(at + total) : -1;

            var count = TransferOnce(fd, buffer, position, write);
            if (count < 0)
            {
                var errno = LinuxErrno.ToWasi((int)-count);
                return total > 0 ? Errno.Success : errno;
            }

            total += (uint)count;
            if (count < buffer.Length || singleTransfer) break;
        }

        return Errno.Success;
    }

    /// <summary>One read/write/pread/pwrite, retried on EINTR: the byte count, or minus errno.</summary>
    private static long TransferOnce(HostFd fd, Span<byte> buffer, long position, bool write)
    {
        fixed (byte* pointer = buffer)
        {
            while (true)
            {
                var length = (nuint)buffer.Length;
                var result = (write, position >= 0) switch
                {
                    (false, false) => Syscalls.read(fd, pointer, length),
                    (false, true) => Syscalls.pread(fd, pointer, length, position),
                    (true, false) => Syscalls.write(fd, pointer, length),
                    (true, true) => Syscalls.pwrite(fd, pointer, length, position),
                };
                if (result >= 0) return result;
                var errno = Syscalls.LastError;
                if (errno != LinuxErrno.EINTR) return -errno;
            }
        }
    }
}
