using System.Buffers.Binary;
using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Descriptors;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>fd_readdir: directory entries as <c>dirent</c> headers, each followed by its name.</summary>
internal static class FdReaddirFunction
{
    /// <summary>
    /// Fills the buffer with entries from <paramref name="cookie"/> on, the last one cut short if it
    /// does not fit: fewer bytes than the buffer holds means the listing ended, a full buffer means
    /// the guest should call again (from the last whole entry's d_next, with a bigger buffer if even
    /// one entry did not fit). Cookies are positions in the listing: entry i has d_next = i + 1.
    /// </summary>
    public static Errno Readdir(WasiContext context, IGuestMemory memory, uint fd, uint buffer, uint bufferLength, ulong cookie, uint resultPointer)
    {
        var errno = context.Descriptors.Get(fd, Rights.FdReaddir, out var descriptor);
        if (errno != Errno.Success) return errno;
        if (descriptor is not DirectoryDescriptor directory) return Errno.Notdir;
        if (!memory.TryGetSpan(buffer, bufferLength, out var output) || !memory.Contains(resultPointer, 4)) return Errno.Fault;

        errno = directory.GetListing(cookie, out var entries);
        if (errno != Errno.Success) return errno;

        var used = 0;
        Span<byte> header = stackalloc byte[Layouts.Dirent.Size];
        for (var index = cookie; index < (ulong)entries.Count && used < output.Length; index++)
        {
            var entry = entries[(int)index];
            header.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(header[Layouts.Dirent.Next..], index + 1);
            BinaryPrimitives.WriteUInt64LittleEndian(header[Layouts.Dirent.Ino..], entry.Inode);
            BinaryPrimitives.WriteUInt32LittleEndian(header[Layouts.Dirent.NameLength..], (uint)entry.Name.Length);
            header[Layouts.Dirent.Type] = (byte)entry.Type;

            used += CopyTruncated(header, output[used..]);
            used += CopyTruncated(entry.Name, output[used..]);
        }

        memory.TryWriteUInt32(resultPointer, (uint)used);
        return Errno.Success;
    }

    private static int CopyTruncated(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var count = Math.Min(source.Length, destination.Length);
        source[..count].CopyTo(destination);
        return count;
    }
}
