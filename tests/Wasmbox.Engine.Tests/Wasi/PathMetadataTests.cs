using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>path_filestat_get, path_filestat_set_times and path_readlink.</summary>
public sealed class PathMetadataTests : IDisposable
{
    private readonly WasiHarness _wasi = new();

    public void Dispose() => _wasi.Dispose();

    [Fact]
    public void FilestatFollowsSymlinksOnlyWhenAsked()
    {
        Assert.Equal(Errno.Success, _wasi.Mkdir("subdir"));
        _wasi.CreateHostFile("subdir/file", "123");
        Assert.Equal(Errno.Success, _wasi.Symlink("subdir/file", "link1"));
        Assert.Equal(Errno.Success, _wasi.Symlink("subdir", "link2"));

        Assert.Equal(FileType.Directory, _wasi.PathFilestat("subdir").Stat.Type);
        Assert.Equal(FileType.Directory, _wasi.PathFilestat("subdir", LookupFlags.SymlinkFollow).Stat.Type);
        Assert.Equal(FileType.RegularFile, _wasi.PathFilestat("subdir/file").Stat.Type);
        Assert.Equal(3UL, _wasi.PathFilestat("subdir/file").Stat.Size);
        Assert.Equal(FileType.SymbolicLink, _wasi.PathFilestat("link1").Stat.Type);
        Assert.Equal((ulong)"subdir/file".Length, _wasi.PathFilestat("link1").Stat.Size);
        Assert.Equal(FileType.RegularFile, _wasi.PathFilestat("link1", LookupFlags.SymlinkFollow).Stat.Type);
        Assert.Equal(FileType.SymbolicLink, _wasi.PathFilestat("link2").Stat.Type);
        Assert.Equal(FileType.Directory, _wasi.PathFilestat("link2", LookupFlags.SymlinkFollow).Stat.Type);
        Assert.Equal(FileType.Directory, _wasi.PathFilestat("link2/").Stat.Type); // a trailing slash follows
        Assert.Equal(FileType.RegularFile, _wasi.PathFilestat("link2/file").Stat.Type);
        Assert.Equal(Errno.Notdir, _wasi.PathFilestat("subdir/file/").Errno);
        Assert.Equal(Errno.Noent, _wasi.PathFilestat("missing").Errno);
        Assert.Equal(FileType.Directory, _wasi.PathFilestat(".").Stat.Type);
    }

    [Fact]
    public void SetTimesOnASymlinkOrThroughIt()
    {
        var file = _wasi.OpenOk("file", OFlags.Creat);
        var fileStat = _wasi.PathFilestat("file").Stat;
        Assert.Equal(Errno.Success, _wasi.Symlink("file", "symlink"));
        var linkStat = _wasi.PathFilestat("symlink").Stat;

        Assert.Equal(Errno.Success, SetTimes("symlink", LookupFlags.None, 0, linkStat.Mtim - 200, FstFlags.Mtim));
        Assert.Equal(linkStat.Mtim - 200, _wasi.PathFilestat("symlink").Stat.Mtim);
        Assert.Equal(fileStat.Mtim, _wasi.PathFilestat("file").Stat.Mtim);
        Assert.Equal(fileStat.Mtim, _wasi.PathFilestat("symlink", LookupFlags.SymlinkFollow).Stat.Mtim);

        Assert.Equal(Errno.Success, SetTimes("symlink", LookupFlags.SymlinkFollow, 0, 7_000_000_123, FstFlags.Mtim));
        Assert.Equal(7_000_000_123UL, _wasi.PathFilestat("file").Stat.Mtim);
        Assert.Equal(7_000_000_123UL, _wasi.FdFilestat(file).Stat.Mtim);
    }

    [Fact]
    public void SetTimesRefusesContradictoryFlagsAndChangesNothing()
    {
        _wasi.CreateHostFile("file");
        var mtime = _wasi.PathFilestat("file").Stat.Mtim;
        Assert.Equal(Errno.Inval, SetTimes("file", LookupFlags.None, 0, 5, FstFlags.Mtim | FstFlags.MtimNow));
        Assert.Equal(Errno.Inval, SetTimes("file", LookupFlags.None, 0, 5, FstFlags.Atim | FstFlags.AtimNow));
        Assert.Equal(mtime, _wasi.PathFilestat("file").Stat.Mtim);
        Assert.Equal(Errno.Notdir, SetTimes("file/", LookupFlags.None, 0, 5, FstFlags.Mtim));
        Assert.Equal(Errno.Noent, SetTimes("missing", LookupFlags.None, 0, 5, FstFlags.Mtim));
    }

    [Fact]
    public void ReadlinkCopiesWhatFitsAndNoMore()
    {
        _wasi.CreateHostFile("target");
        Assert.Equal(Errno.Success, _wasi.Symlink("target", "symlink"));

        var (pointer, length) = _wasi.Put("symlink");
        var buffer = _wasi.Alloc(10);
        var result = _wasi.Alloc(4);
        Assert.Equal(Errno.Success, _wasi.Call("path_readlink", WasiHarness.RootFd, pointer, length, buffer, 10, result));
        Assert.Equal(6u, _wasi.U32(result));
        Assert.Equal("target"u8.ToArray(), _wasi.Bytes(buffer, 6));
        Assert.Equal(new byte[4], _wasi.Bytes(buffer + 6, 4));

        Assert.Equal((Errno.Success, "targ"), _wasi.Readlink("symlink", bufferLength: 4));
        Assert.Equal(Errno.Inval, _wasi.Readlink("target").Errno);
        Assert.Equal(Errno.Noent, _wasi.Readlink("missing").Errno);
    }

    private Errno SetTimes(string path, LookupFlags lookup, ulong atim, ulong mtim, FstFlags flags)
    {
        var (pointer, length) = _wasi.Put(path);
        return _wasi.Call("path_filestat_set_times", WasiHarness.RootFd, (ulong)lookup, pointer, length, atim, mtim, (ulong)flags);
    }
}
