using System.Text;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi.Support;

/// <summary>Typed wrappers for the calls tests make most: each arranges guest memory and decodes results.</summary>
internal sealed partial class WasiHarness
{
    /// <summary>Every right a file may hold: what tests ask for when rights are not the point.</summary>
    public const Rights FileRights = RightSets.File;

    public (Errno Errno, uint Fd) Open(
        string path, OFlags oflags = OFlags.None, Rights rights = FileRights, Rights inheriting = Rights.None,
        FdFlags fdflags = FdFlags.None, LookupFlags lookup = LookupFlags.None, uint dirFd = RootFd)
    {
        var (pointer, length) = Put(path);
        var result = Alloc(4);
        var errno = Call("path_open", dirFd, (ulong)lookup, pointer, length, (ulong)oflags, (ulong)rights, (ulong)inheriting, (ulong)fdflags, result);
        return (errno, errno == Errno.Success ? U32(result) : uint.MaxValue);
    }

    /// <summary>Opens and asserts success.</summary>
    public uint OpenOk(string path, OFlags oflags = OFlags.None, Rights rights = FileRights, Rights inheriting = Rights.None, FdFlags fdflags = FdFlags.None, LookupFlags lookup = LookupFlags.None, uint dirFd = RootFd)
    {
        var (errno, fd) = Open(path, oflags, rights, inheriting, fdflags, lookup, dirFd);
        Assert.Equal(Errno.Success, errno);
        return fd;
    }

    public uint OpenDirectoryOk(string path, uint dirFd = RootFd) =>
        OpenOk(path, OFlags.Directory, RightSets.Directory, RightSets.Inheritable, dirFd: dirFd);

    public (Errno Errno, uint Count) Write(uint fd, params byte[][] buffers) => Transfer("fd_write", fd, buffers, offset: null);

    public (Errno Errno, uint Count) Write(uint fd, string text) => Write(fd, Encoding.UTF8.GetBytes(text));

    public (Errno Errno, uint Count) Pwrite(uint fd, ulong offset, params byte[][] buffers) => Transfer("fd_pwrite", fd, buffers, offset);

    public (Errno Errno, byte[] Data) Read(uint fd, int length) => ReadInto("fd_read", fd, [length], offset: null);

    public (Errno Errno, byte[] Data) Read(uint fd, int[] lengths) => ReadInto("fd_read", fd, lengths, offset: null);

    public (Errno Errno, byte[] Data) Pread(uint fd, int length, ulong offset) => ReadInto("fd_pread", fd, [length], offset);

    public (Errno Errno, ulong Offset) Seek(uint fd, long offset, Whence whence)
    {
        var result = Alloc(8);
        var errno = Call("fd_seek", fd, (ulong)offset, (ulong)whence, result);
        return (errno, U64(result));
    }

    public (Errno Errno, ulong Offset) Tell(uint fd)
    {
        var result = Alloc(8);
        var errno = Call("fd_tell", fd, result);
        return (errno, U64(result));
    }

    public Errno Close(uint fd) => Call("fd_close", fd);

    public (Errno Errno, FileType Type, FdFlags Flags, Rights Base, Rights Inheriting) Fdstat(uint fd)
    {
        var result = Alloc(24);
        var errno = Call("fd_fdstat_get", fd, result);
        return (errno, (FileType)Memory.Bytes[result], (FdFlags)U16(result + 2), (Rights)U64(result + 8), (Rights)U64(result + 16));
    }

    public (Errno Errno, Stat Stat) FdFilestat(uint fd)
    {
        var result = Alloc(64);
        var errno = Call("fd_filestat_get", fd, result);
        return (errno, ReadStat(result));
    }

    public (Errno Errno, Stat Stat) PathFilestat(string path, LookupFlags lookup = LookupFlags.None, uint dirFd = RootFd)
    {
        var (pointer, length) = Put(path);
        var result = Alloc(64);
        var errno = Call("path_filestat_get", dirFd, (ulong)lookup, pointer, length, result);
        return (errno, ReadStat(result));
    }

    public Errno PathCall(string name, string path, uint dirFd = RootFd)
    {
        var (pointer, length) = Put(path);
        return Call(name, dirFd, pointer, length);
    }

    public Errno Mkdir(string path, uint dirFd = RootFd) => PathCall("path_create_directory", path, dirFd);

    public Errno Rmdir(string path, uint dirFd = RootFd) => PathCall("path_remove_directory", path, dirFd);

    public Errno Unlink(string path, uint dirFd = RootFd) => PathCall("path_unlink_file", path, dirFd);

    public Errno Symlink(string contents, string path, uint dirFd = RootFd)
    {
        var (target, targetLength) = Put(contents);
        var (pointer, length) = Put(path);
        return Call("path_symlink", target, targetLength, dirFd, pointer, length);
    }

    public Errno Rename(string from, string to, uint fromFd = RootFd, uint toFd = RootFd)
    {
        var (oldPointer, oldLength) = Put(from);
        var (newPointer, newLength) = Put(to);
        return Call("path_rename", fromFd, oldPointer, oldLength, toFd, newPointer, newLength);
    }

    public Errno Link(string from, string to, LookupFlags lookup = LookupFlags.None, uint fromFd = RootFd, uint toFd = RootFd)
    {
        var (oldPointer, oldLength) = Put(from);
        var (newPointer, newLength) = Put(to);
        return Call("path_link", fromFd, (ulong)lookup, oldPointer, oldLength, toFd, newPointer, newLength);
    }

    public (Errno Errno, string Contents) Readlink(string path, int bufferLength = 256, uint dirFd = RootFd)
    {
        var (pointer, length) = Put(path);
        var buffer = Alloc(bufferLength);
        var result = Alloc(4);
        var errno = Call("path_readlink", dirFd, pointer, length, buffer, (uint)bufferLength, result);
        return (errno, errno == Errno.Success ? Encoding.UTF8.GetString(Bytes(buffer, (int)U32(result))) : "");
    }

    /// <summary>Creates a host file in the sandbox with the given contents.</summary>
    public void CreateHostFile(string relative, string contents = "")
    {
        var path = HostPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
    }

    private (Errno, uint) Transfer(string name, uint fd, byte[][] buffers, ulong? offset)
    {
        var iovs = Alloc(8 * buffers.Length);
        for (var i = 0; i < buffers.Length; i++)
        {
            var (pointer, length) = Put(buffers[i]);
            WriteU32(iovs + (uint)(8 * i), pointer);
            WriteU32(iovs + (uint)(8 * i) + 4, length);
        }

        var result = Alloc(4);
        var errno = offset is { } at
            ? Call(name, fd, iovs, (uint)buffers.Length, at, result)
            : Call(name, fd, iovs, (uint)buffers.Length, result);
        return (errno, U32(result));
    }

    private (Errno, byte[]) ReadInto(string name, uint fd, int[] lengths, ulong? offset)
    {
        var iovs = Alloc(8 * lengths.Length);
        var pointers = new uint[lengths.Length];
        for (var i = 0; i < lengths.Length; i++)
        {
            pointers[i] = Alloc(lengths[i]);
            WriteU32(iovs + (uint)(8 * i), pointers[i]);
            WriteU32(iovs + (uint)(8 * i) + 4, (uint)lengths[i]);
        }

        var result = Alloc(4);
        var errno = offset is { } at
            ? Call(name, fd, iovs, (uint)lengths.Length, at, result)
            : Call(name, fd, iovs, (uint)lengths.Length, result);
        if (errno != Errno.Success) return (errno, []);

        // The buffers were filled in order; gather what arrived.
        var remaining = (int)U32(result);
        var data = new List<byte>();
        for (var i = 0; i < lengths.Length && remaining > 0; i++)
        {
            var take = Math.Min(remaining, lengths[i]);
            data.AddRange(Bytes(pointers[i], take));
            remaining -= take;
        }

        return (errno, data.ToArray());
    }

    public void WriteU32(uint pointer, uint value) => System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(Memory.Bytes.AsSpan((int)pointer), value);

    public void WriteU64(uint pointer, ulong value) => System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(Memory.Bytes.AsSpan((int)pointer), value);

    private Stat ReadStat(uint pointer) => new(
        U64(pointer), U64(pointer + 8), (FileType)Memory.Bytes[pointer + 16], U64(pointer + 24),
        U64(pointer + 32), U64(pointer + 40), U64(pointer + 48), U64(pointer + 56));
}

/// <summary>A decoded filestat.</summary>
internal readonly record struct Stat(ulong Dev, ulong Ino, FileType Type, ulong Nlink, ulong Size, ulong Atim, ulong Mtim, ulong Ctim);
