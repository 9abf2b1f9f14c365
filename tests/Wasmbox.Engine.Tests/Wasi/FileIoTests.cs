using System.Text;
using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell on host files.</summary>
public sealed class FileIoTests : IDisposable
{
    private const Rights ReadWriteSeek = Rights.FdRead | Rights.FdWrite | Rights.FdSeek | Rights.FdTell;
    private readonly WasiHarness _wasi = new();

    public void Dispose() => _wasi.Dispose();

    [Fact]
    public void SeekAndTellFollowReadsAndWrites()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, ReadWriteSeek);
        Assert.Equal((Errno.Success, 0UL), _wasi.Tell(fd));
        Assert.Equal((Errno.Success, 100u), _wasi.Write(fd, new byte[100]));
        Assert.Equal((Errno.Success, 100UL), _wasi.Tell(fd));
        Assert.Equal((Errno.Success, 50UL), _wasi.Seek(fd, -50, Whence.Cur));
        Assert.Equal((Errno.Success, 0UL), _wasi.Seek(fd, 0, Whence.Set));
        Assert.Equal((Errno.Success, 1000UL), _wasi.Seek(fd, 1000, Whence.Cur)); // past the end is fine
        Assert.Equal(Errno.Inval, _wasi.Seek(fd, -2000, Whence.Cur).Errno);     // before byte 0 is not
        Assert.Equal((Errno.Success, 90UL), _wasi.Seek(fd, -10, Whence.End));
        Assert.Equal((Errno.Success, 0UL), _wasi.Seek(fd, 0, Whence.Set));
        Assert.Equal(100, _wasi.Read(fd, 100).Data.Length);
        Assert.Equal((Errno.Success, 100UL), _wasi.Tell(fd));
        Assert.Empty(_wasi.Read(fd, 100).Data); // end of file: zero bytes, no error
    }

    [Fact]
    public void SeekValidatesWhenceAndRights()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, Rights.FdTell);
        Assert.Equal((Errno.Success, 0UL), _wasi.Seek(fd, 0, Whence.Cur)); // tell-only seeks need only fd_tell
        Assert.Equal(Errno.Notcapable, _wasi.Seek(fd, 1, Whence.Set).Errno);

        var seeker = _wasi.OpenOk("file", rights: Rights.FdSeek);
        Assert.Equal(Errno.Inval, _wasi.Call("fd_seek", seeker, 0, 3, _wasi.Alloc(8)));
        Assert.Equal(Errno.Success, _wasi.Tell(seeker).Errno); // fd_seek implies fd_tell
    }

    [Fact]
    public void PositionalIoLeavesTheOffsetAlone()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, ReadWriteSeek);
        Assert.Equal((Errno.Success, 4u), _wasi.Pwrite(fd, 0, [0, 1, 2, 3]));
        Assert.Equal((Errno.Success, 0UL), _wasi.Tell(fd));
        Assert.Equal([2, 3], _wasi.Pread(fd, 4, 2).Data);
        Assert.Equal((Errno.Success, 2u), _wasi.Pwrite(fd, 2, [1, 0]));
        Assert.Equal([0, 1, 1, 0], _wasi.Pread(fd, 4, 0).Data);
        Assert.Equal((Errno.Success, 0UL), _wasi.Tell(fd));
        Assert.Empty(_wasi.Pread(fd, 4, 100).Data);
        Assert.Equal(Errno.Inval, _wasi.Pread(fd, 4, ulong.MaxValue).Errno);
        Assert.Equal(Errno.Inval, _wasi.Pwrite(fd, (ulong)long.MaxValue + 1, [1]).Errno);
    }

    [Fact]
    public void PositionalIoNeedsSeekRights()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, Rights.FdRead | Rights.FdWrite);
        Assert.Equal(Errno.Notcapable, _wasi.Pread(fd, 4, 0).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Pwrite(fd, 0, [1]).Errno);
    }

    [Fact]
    public void ScatterAndGatherUseEveryBufferInOrder()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, ReadWriteSeek);
        Assert.Equal((Errno.Success, 6u), _wasi.Write(fd, [1, 2], [], [3, 4, 5, 6]));
        _wasi.Seek(fd, 0, Whence.Set);
        Assert.Equal([1, 2, 3, 4, 5, 6], _wasi.Read(fd, [1, 0, 2, 10]).Data);
        Assert.Equal((Errno.Success, 4u), _wasi.Pwrite(fd, 3, [9, 9], [8, 8]));
        Assert.Equal([1, 2, 3, 9, 9, 8, 8], File.ReadAllBytes(_wasi.HostPath("file")));
    }

    [Fact]
    public void AppendWritesAtTheEndUntilTurnedOff()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, ReadWriteSeek | Rights.FdFdstatSetFlags, fdflags: FdFlags.Append);
        _wasi.Write(fd, new byte[100]);
        _wasi.Seek(fd, 0, Whence.Set);
        _wasi.Write(fd, Enumerable.Repeat((byte)1, 100).ToArray());
        Assert.Equal(200, new FileInfo(_wasi.HostPath("file")).Length);

        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_set_flags", fd, 0));
        Assert.Equal(FdFlags.None, _wasi.Fdstat(fd).Flags);
        _wasi.Seek(fd, 0, Whence.Set);
        _wasi.Write(fd, Enumerable.Repeat((byte)2, 100).ToArray());
        var bytes = File.ReadAllBytes(_wasi.HostPath("file"));
        Assert.Equal(200, bytes.Length);
        Assert.All(bytes[..100], b => Assert.Equal(2, b));
        Assert.All(bytes[100..], b => Assert.Equal(1, b));
    }

    [Fact]
    public void PwriteOnAnAppendingFileKeepsTheOffset()
    {
        // wasi-testsuite pwrite-with-append accepts both POSIX (writes at 0) and Linux (appends).
        var fd = _wasi.OpenOk("file", OFlags.Creat | OFlags.Trunc, ReadWriteSeek, fdflags: FdFlags.Append);
        _wasi.Write(fd, [1, 2]);
        Assert.Equal((Errno.Success, 0UL), _wasi.Seek(fd, 0, Whence.Set));
        _wasi.Write(fd, [3, 4]);
        Assert.Equal((Errno.Success, 4UL), _wasi.Seek(fd, 0, Whence.Cur));
        Assert.Equal((Errno.Success, 3u), _wasi.Pwrite(fd, 0, [5, 6, 7]));
        Assert.Equal((Errno.Success, 4UL), _wasi.Seek(fd, 0, Whence.Cur));
        Assert.Contains(_wasi.Seek(fd, 0, Whence.End).Offset, new[] { 4UL, 7UL });
    }

    [Fact]
    public void TwoDescriptorsOfOneFileSeeEachOthersWritesAtOnce()
    {
        var reader = _wasi.OpenOk("file", OFlags.Creat, Rights.FdRead);
        var writer = _wasi.OpenOk("file", rights: Rights.FdWrite);
        Assert.Equal((Errno.Success, 1u), _wasi.Write(writer, [1]));
        Assert.Equal([1], _wasi.Read(reader, 1).Data);
    }

    [Fact]
    public void DirectoriesCannotBeReadWrittenOrSeeked()
    {
        Assert.Equal(Errno.Notcapable, _wasi.Read(WasiHarness.RootFd, 10).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Write(WasiHarness.RootFd, "x").Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Pread(WasiHarness.RootFd, 10, 0).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Pwrite(WasiHarness.RootFd, 0, [1]).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Seek(WasiHarness.RootFd, 0, Whence.Cur).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Seek(WasiHarness.RootFd, 0, Whence.Set).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Tell(WasiHarness.RootFd).Errno);
    }

    [Fact]
    public void BadIovecsFaultBeforeAnyByteMoves()
    {
        _wasi.CreateHostFile("file", "0123456789");
        var fd = _wasi.OpenOk("file", rights: ReadWriteSeek);
        var end = (uint)_wasi.Memory.Size;

        // An iovec array reaching past the end of memory.
        Assert.Equal(Errno.Fault, _wasi.Call("fd_read", fd, end - 4, 1, _wasi.Alloc(4)));

        // A good first buffer and a second one outside memory: nothing is read.
        var iovs = _wasi.Alloc(16);
        _wasi.WriteU32(iovs, _wasi.Alloc(4));
        _wasi.WriteU32(iovs + 4, 4);
        _wasi.WriteU32(iovs + 8, end - 2);
        _wasi.WriteU32(iovs + 12, 4);
        Assert.Equal(Errno.Fault, _wasi.Call("fd_read", fd, iovs, 2, _wasi.Alloc(4)));
        Assert.Equal((Errno.Success, 0UL), _wasi.Tell(fd));

        // A result pointer outside memory: nothing is read either.
        _wasi.WriteU32(iovs + 8, _wasi.Alloc(4));
        Assert.Equal(Errno.Fault, _wasi.Call("fd_read", fd, iovs, 2, end));
        Assert.Equal((Errno.Success, 0UL), _wasi.Tell(fd));
        Assert.Equal(Errno.Fault, _wasi.Call("fd_write", fd, iovs, 2, end - 3));
        Assert.Equal("0123456789", File.ReadAllText(_wasi.HostPath("file")));

        // Buffers ending exactly at the end of memory are fine.
        _wasi.WriteU32(iovs, end - 4);
        Assert.Equal(Errno.Success, _wasi.Call("fd_read", fd, iovs, 1, _wasi.Alloc(4)));
        Assert.Equal("0123", Encoding.ASCII.GetString(_wasi.Bytes(end - 4, 4)));
    }

    [Fact]
    public void InvalidDescriptorsAreBadf()
    {
        Assert.Equal(Errno.Badf, _wasi.Write(42, "x").Errno);
        Assert.Equal(Errno.Badf, _wasi.Read(42, 1).Errno);
        Assert.Equal(Errno.Badf, _wasi.Seek(42, 0, Whence.Set).Errno);
        Assert.Equal(Errno.Badf, _wasi.Tell(uint.MaxValue).Errno);
    }
}
