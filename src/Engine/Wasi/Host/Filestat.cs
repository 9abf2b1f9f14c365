using System.Buffers.Binary;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Wasi.Host;

/// <summary>A WASI <c>filestat</c>, and its conversion from the host's statx.</summary>
internal readonly record struct Filestat(
    ulong Device, ulong Inode, FileType FileType, ulong LinkCount, ulong Size,
    ulong AccessTime, ulong ModificationTime, ulong ChangeTime)
{
    public static Filestat FromStatx(in StatxBuffer statx) => new(
        Device: ((ulong)statx.DevMajor << 32) | statx.DevMinor,
        Inode: statx.Ino,
        FileType: FileTypeOf(statx.Mode),
        LinkCount: statx.Nlink,
        Size: statx.Size,
        AccessTime: Nanoseconds(statx.AtimeSeconds, statx.AtimeNanoseconds),
        ModificationTime: Nanoseconds(statx.MtimeSeconds, statx.MtimeNanoseconds),
        ChangeTime: Nanoseconds(statx.CtimeSeconds, statx.CtimeNanoseconds));

    /// <summary>
    /// The WASI file type of an st_mode. FIFOs have no WASI type and are <c>unknown</c>; sockets
    /// are reported as stream sockets, since the mode cannot tell stream from datagram.
    /// </summary>
    public static FileType FileTypeOf(uint mode) => (mode & FileMode.TypeMask) switch
    {
        FileMode.Regular => FileType.RegularFile,
        FileMode.Directory => FileType.Directory,
        FileMode.SymbolicLink => FileType.SymbolicLink,
        FileMode.CharacterDevice => FileType.CharacterDevice,
        FileMode.BlockDevice => FileType.BlockDevice,
        FileMode.Socket => FileType.SocketStream,
        _ => FileType.Unknown,
    };

    /// <summary>Writes the 64-byte guest record.</summary>
    public void WriteTo(Span<byte> record)
    {
        record[..Layouts.Filestat.Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(record[Layouts.Filestat.Dev..], Device);
        BinaryPrimitives.WriteUInt64LittleEndian(record[Layouts.Filestat.Ino..], Inode);
        record[Layouts.Filestat.FileType] = (byte)FileType;
        BinaryPrimitives.WriteUInt64LittleEndian(record[Layouts.Filestat.Nlink..], LinkCount);
        BinaryPrimitives.WriteUInt64LittleEndian(record[Layouts.Filestat.FileSize..], Size);
        BinaryPrimitives.WriteUInt64LittleEndian(record[Layouts.Filestat.Atim..], AccessTime);
        BinaryPrimitives.WriteUInt64LittleEndian(record[Layouts.Filestat.Mtim..], ModificationTime);
        BinaryPrimitives.WriteUInt64LittleEndian(record[Layouts.Filestat.Ctim..], ChangeTime);
    }

    /// <summary>Nanoseconds since the epoch; WASI timestamps are unsigned, so times before 1970 read as 0.</summary>
    private static ulong Nanoseconds(long seconds, uint nanoseconds) =>
        seconds < 0 ? 0 : (ulong)seconds * 1_000_000_000UL + nanoseconds;
}
