using System.Buffers.Binary;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Wasi.Host;

/// <summary>One entry of a directory: its raw name bytes (Linux names need not be UTF-8), inode and type.</summary>
internal sealed record DirectoryEntry(byte[] Name, ulong Inode, FileType Type);

/// <summary>Reads a whole directory with getdents64(2).</summary>
internal static unsafe class DirectoryListing
{
    // struct linux_dirent64: d_ino u64 @0, d_off s64 @8, d_reclen u16 @16, d_type u8 @18, d_name @19 (NUL-terminated).
    private const int InoOffset = 0;
    private const int RecordLengthOffset = 16;
    private const int TypeOffset = 18;
    private const int NameOffset = 19;

    /// <summary>
    /// Every entry of the open directory <paramref name="directory"/>, "." and ".." first (guests
    /// expect them, and first is where readdir puts them on most file systems anyway). Rewinds the
    /// descriptor's position first: WASI directory descriptors have no position a guest can see.
    /// </summary>
    public static Errno Read(HostFd directory, out List<DirectoryEntry> entries)
    {
        entries = [];
        if (Syscalls.lseek(directory, 0, (int)Whence.Set) < 0) return LinuxErrno.ToWasi(Syscalls.LastError);

        var buffer = new byte[32 * 1024];
        var others = new List<DirectoryEntry>();
        while (true)
        {
            nint length;
            fixed (byte* pointer = buffer) length = Syscalls.getdents64(directory, pointer, (nuint)buffer.Length);
            if (length < 0)
            {
                var errno = Syscalls.LastError;
                if (errno == LinuxErrno.EINTR) continue;
                return LinuxErrno.ToWasi(errno);
            }

            if (length == 0) break;
            for (var offset = 0; offset < length;)
            {
                var record = buffer.AsSpan(offset);
                var recordLength = BinaryPrimitives.ReadUInt16LittleEndian(record[RecordLengthOffset..]);
                var nameBytes = record[NameOffset..recordLength];
                var name = nameBytes[..nameBytes.IndexOf((byte)0)].ToArray();
                var inode = BinaryPrimitives.ReadUInt64LittleEndian(record[InoOffset..]);
                var entry = new DirectoryEntry(name, inode, TypeOf(directory, name, record[TypeOffset]));
                if (IsDot(name)) entries.Insert(0, entry);
                else if (IsDotDot(name)) entries.Insert(entries.Count > 0 && IsDot(entries[0].Name) ? 1 : 0, entry);
                else others.Add(entry);
                offset += recordLength;
            }
        }

        entries.AddRange(others);
        return Errno.Success;
    }

    private static bool IsDot(byte[] name) => name is [(byte)'.'];

    private static bool IsDotDot(byte[] name) => name is [(byte)'.', (byte)'.'];

    /// <summary>The WASI type for a d_type; DT_UNKNOWN (some file systems never fill it in) costs an lstat.</summary>
    private static FileType TypeOf(HostFd directory, byte[] name, byte directoryType) => directoryType switch
    {
        2 => FileType.CharacterDevice,
        4 => FileType.Directory,
        6 => FileType.BlockDevice,
        8 => FileType.RegularFile,
        10 => FileType.SymbolicLink,
        12 => FileType.SocketStream,
        0 when System.Text.Encoding.UTF8.GetString(name) is var text
            && HostFileSystem.StatAt(directory, text, out var stat) == Errno.Success => stat.FileType,
        _ => FileType.Unknown, // DT_FIFO, or an unknown type we could not stat
    };
}
