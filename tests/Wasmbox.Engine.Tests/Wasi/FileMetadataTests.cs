using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>fd_filestat_*, fd_advise, fd_allocate, fd_sync, fd_datasync, fd_fdstat_set_flags and _set_rights.</summary>
public sealed class FileMetadataTests : IDisposable
{
    private readonly WasiHarness _wasi = new();

    public void Dispose() => _wasi.Dispose();

    [Fact]
    public void FilestatDescribesTheFile()
    {
        _wasi.CreateHostFile("file", "12345");
        var fd = _wasi.OpenOk("file", rights: Rights.FdFilestatGet);
        var (errno, stat) = _wasi.FdFilestat(fd);
        Assert.Equal(Errno.Success, errno);
        Assert.Equal(FileType.RegularFile, stat.Type);
        Assert.Equal(5UL, stat.Size);
        Assert.Equal(1UL, stat.Nlink);
        var mtime = new DateTimeOffset(File.GetLastWriteTimeUtc(_wasi.HostPath("file"))).ToUnixTimeMilliseconds();
        Assert.Equal(mtime, (long)(stat.Mtim / 1_000_000));

        var root = _wasi.FdFilestat(WasiHarness.RootFd).Stat;
        Assert.Equal(FileType.Directory, root.Type);
        Assert.Equal(stat.Dev, root.Dev);
    }

    [Fact]
    public void DeviceAndInodeIdentifyFiles()
    {
        // wasi-testsuite stat-dev-ino: same file system, different files, different inodes.
        _wasi.CreateHostFile("a");
        _wasi.CreateHostFile("b");
        var a = _wasi.FdFilestat(_wasi.OpenOk("a", rights: Rights.FdFilestatGet)).Stat;
        var b = _wasi.FdFilestat(_wasi.OpenOk("b", rights: Rights.FdFilestatGet)).Stat;
        Assert.Equal(a.Dev, b.Dev);
        Assert.NotEqual(a.Ino, b.Ino);
        Assert.Equal(a.Ino, _wasi.PathFilestat("a").Stat.Ino);
    }

    [Fact]
    public void SetSizeGrowsWithZerosAndShrinks()
    {
        _wasi.CreateHostFile("file", "abc");
        var fd = _wasi.OpenOk("file", rights: Rights.FdFilestatSetSize | Rights.FdFilestatGet);
        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_set_size", fd, 100));
        Assert.Equal(100UL, _wasi.FdFilestat(fd).Stat.Size);
        Assert.Equal(0, File.ReadAllBytes(_wasi.HostPath("file"))[99]);
        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_set_size", fd, 1));
        Assert.Equal("a", File.ReadAllText(_wasi.HostPath("file")));
        Assert.Equal(Errno.Fbig, _wasi.Call("fd_filestat_set_size", fd, ulong.MaxValue));
    }

    [Fact]
    public void SetTimesChangesOnlyWhatTheFlagsSay()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, Rights.FdFilestatGet | Rights.FdFilestatSetTimes);
        var before = _wasi.FdFilestat(fd).Stat;
        var newMtime = before.Mtim - 100;
        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_set_times", fd, newMtime, newMtime, (ulong)FstFlags.Mtim));
        var after = _wasi.FdFilestat(fd).Stat;
        Assert.Equal(newMtime, after.Mtim);
        Assert.Equal(before.Atim, after.Atim);

        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_set_times", fd, 1_000_000_000, 0, (ulong)(FstFlags.Atim | FstFlags.MtimNow)));
        after = _wasi.FdFilestat(fd).Stat;
        Assert.Equal(1_000_000_000UL, after.Atim);
        Assert.True(after.Mtim > newMtime);
    }

    [Fact]
    public void SetTimesRefusesContradictoryFlags()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, Rights.FdRead | Rights.FdFilestatSetTimes);
        Assert.Equal(Errno.Inval, _wasi.Call("fd_filestat_set_times", fd, 100, 200, (ulong)(FstFlags.Mtim | FstFlags.MtimNow)));
        Assert.Equal(Errno.Inval, _wasi.Call("fd_filestat_set_times", fd, 100, 200, (ulong)(FstFlags.Atim | FstFlags.AtimNow)));
        Assert.Equal(Errno.Inval, _wasi.Call("fd_filestat_set_times", fd, 100, 200, 0x10));
        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_set_times", fd, 100, 200, 0));
    }

    [Fact]
    public void SetTimesWorksOnDirectoryDescriptors()
    {
        Directory.CreateDirectory(_wasi.HostPath("dir"));
        var fd = _wasi.OpenDirectoryOk("dir");
        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_set_times", fd, 0, 5_000_000_000, (ulong)FstFlags.Mtim));
        Assert.Equal(5_000_000_000UL, _wasi.FdFilestat(fd).Stat.Mtim);
    }

    [Fact]
    public void AdviseAcceptsTheSixAdvices()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, Rights.FdAdvise);
        for (var advice = 0UL; advice <= 5; advice++) Assert.Equal(Errno.Success, _wasi.Call("fd_advise", fd, 10, 50, advice));
        Assert.Equal(Errno.Inval, _wasi.Call("fd_advise", fd, 10, 50, 6));
    }

    [Fact]
    public void AllocateGrowsTheFileButNeverShrinksIt()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, Rights.FdAllocate | Rights.FdFilestatGet);
        Assert.Equal(Errno.Success, _wasi.Call("fd_allocate", fd, 0, 100));
        Assert.Equal(100UL, _wasi.FdFilestat(fd).Stat.Size);
        Assert.Equal(Errno.Success, _wasi.Call("fd_allocate", fd, 10, 10));
        Assert.Equal(100UL, _wasi.FdFilestat(fd).Stat.Size);
        Assert.Equal(Errno.Success, _wasi.Call("fd_allocate", fd, 90, 20));
        Assert.Equal(110UL, _wasi.FdFilestat(fd).Stat.Size);
        Assert.Equal(Errno.Fbig, _wasi.Call("fd_allocate", fd, long.MaxValue, 2));
    }

    [Fact]
    public void SyncAndDatasyncNeedTheirRights()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, Rights.FdWrite | Rights.FdSync | Rights.FdDatasync);
        Assert.Equal(Errno.Success, _wasi.Call("fd_sync", fd));
        Assert.Equal(Errno.Success, _wasi.Call("fd_datasync", fd));
        Assert.Equal(Errno.Success, _wasi.Call("fd_sync", WasiHarness.RootFd));

        var bare = _wasi.OpenOk("file", rights: Rights.FdRead);
        Assert.Equal(Errno.Notcapable, _wasi.Call("fd_sync", bare));
        Assert.Equal(Errno.Notcapable, _wasi.Call("fd_datasync", bare));
    }

    [Fact]
    public void DirectoriesCannotBeResizedOrAllocated()
    {
        Assert.Equal(Errno.Notcapable, _wasi.Call("fd_filestat_set_size", WasiHarness.RootFd, 0));
        Assert.Equal(Errno.Notcapable, _wasi.Call("fd_allocate", WasiHarness.RootFd, 0, 1));
        Assert.Equal(Rights.None, _wasi.Fdstat(WasiHarness.RootFd).Base & Rights.FdFilestatSetSize);
    }

    [Fact]
    public void FlagsThatLinuxCannotChangeAfterOpenAreNotsup()
    {
        var fd = _wasi.OpenOk("file", OFlags.Creat, Rights.FdFdstatSetFlags);
        Assert.Equal(Errno.Notsup, _wasi.Call("fd_fdstat_set_flags", fd, (ulong)FdFlags.Sync));
        Assert.Equal(Errno.Inval, _wasi.Call("fd_fdstat_set_flags", fd, 0x20));
        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_set_flags", fd, (ulong)(FdFlags.Nonblock | FdFlags.Append)));
        Assert.Equal(FdFlags.Nonblock | FdFlags.Append, _wasi.Fdstat(fd).Flags);

        var bare = _wasi.OpenOk("file", rights: Rights.FdRead);
        Assert.Equal(Errno.Notcapable, _wasi.Call("fd_fdstat_set_flags", bare, 0));
    }

    [Fact]
    public void RightsCanBeDroppedButNeverRegained()
    {
        var all = Rights.FdRead | Rights.FdWrite | Rights.FdSeek | Rights.FdTell;
        var fd = _wasi.OpenOk("file", OFlags.Creat, all);
        Assert.Equal((Errno.Success, 4u), _wasi.Write(fd, [0, 1, 2, 3]));

        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_set_rights", fd, (ulong)(Rights.FdSeek | Rights.FdTell), 0));
        Assert.Equal(Rights.FdSeek | Rights.FdTell, _wasi.Fdstat(fd).Base);
        Assert.Equal(Errno.Notcapable, _wasi.Read(fd, 4).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Write(fd, [1]).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Call("fd_fdstat_set_rights", fd, (ulong)all, (ulong)all));
        Assert.Equal(Errno.Notcapable, _wasi.Call("fd_fdstat_set_rights", fd, (ulong)Rights.FdSeek, (ulong)Rights.FdRead));
        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_set_rights", fd, (ulong)(Rights.FdSeek | Rights.FdTell), 0)); // same set: fine
    }

    [Fact]
    public void DroppedInheritingRightsLimitWhatIsOpenedLater()
    {
        var dir = _wasi.OpenDirectoryOk(".");
        var (_, _, _, baseRights, inheriting) = _wasi.Fdstat(dir);
        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_set_rights", dir, (ulong)baseRights, (ulong)(inheriting & ~Rights.FdFilestatSetSize)));
        var fd = _wasi.OpenOk("file", OFlags.Creat, Rights.FdRead | Rights.FdFilestatSetSize, dirFd: dir);
        Assert.Equal(Rights.FdRead, _wasi.Fdstat(fd).Base);
    }
}
