using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>path_create_directory, path_remove_directory, path_unlink_file, path_rename, path_link, path_symlink.</summary>
public sealed class PathEntryTests : IDisposable
{
    private readonly WasiHarness _wasi = new();

    public void Dispose() => _wasi.Dispose();

    [Fact]
    public void CreatesAndRemovesDirectories()
    {
        Assert.Equal(Errno.Success, _wasi.Mkdir("dir"));
        Assert.Equal(Errno.Success, _wasi.Mkdir("dir/nested"));
        Assert.True(Directory.Exists(_wasi.HostPath("dir/nested")));
        Assert.Equal(Errno.Exist, _wasi.Mkdir("dir"));
        Assert.Equal(Errno.Noent, _wasi.Mkdir("missing/dir"));
        Assert.Equal(Errno.Notempty, _wasi.Rmdir("dir"));
        Assert.Equal(Errno.Success, _wasi.Rmdir("dir/nested"));
        Assert.Equal(Errno.Success, _wasi.Rmdir("dir"));
        Assert.Equal(Errno.Noent, _wasi.Rmdir("dir"));
    }

    [Fact]
    public void TrailingSlashesOnRemovalFollowLinux()
    {
        Assert.Equal(Errno.Success, _wasi.Mkdir("dir/"));
        Assert.Equal(Errno.Success, _wasi.Rmdir("dir/"));
        _wasi.CreateHostFile("file");
        Assert.Equal(Errno.Notdir, _wasi.Rmdir("file"));
        Assert.Equal(Errno.Notdir, _wasi.Rmdir("file/"));
        Assert.Equal(Errno.Notdir, _wasi.Unlink("file/"));
        Assert.Equal(Errno.Success, _wasi.Unlink("file"));

        Assert.Equal(Errno.Success, _wasi.Mkdir("dir"));
        Assert.Equal(Errno.Isdir, _wasi.Unlink("dir"));
        Assert.Equal(Errno.Isdir, _wasi.Unlink("dir/"));
        Assert.Equal(Errno.Inval, _wasi.Rmdir("."));
    }

    [Fact]
    public void RemovalNeverFollowsASymlink()
    {
        Directory.CreateDirectory(_wasi.HostPath("target"));
        _wasi.CreateHostFile("target/keep");
        Assert.Equal(Errno.Success, _wasi.Symlink("target", "link"));
        Assert.Equal(Errno.Notdir, _wasi.Rmdir("link"));
        Assert.Equal(Errno.Notdir, _wasi.Rmdir("link/"));
        Assert.Equal(Errno.Notdir, _wasi.Unlink("link/"));
        Assert.Equal(Errno.Success, _wasi.Unlink("link"));
        Assert.True(File.Exists(_wasi.HostPath("target/keep")));
    }

    [Fact]
    public void RenamesDirectoriesAsRenameDoes()
    {
        Assert.Equal(Errno.Success, _wasi.Mkdir("source"));
        Assert.Equal(Errno.Success, _wasi.Rename("source", "target"));
        Assert.Equal(Errno.Noent, _wasi.Open("source", OFlags.Directory, Rights.None).Errno);
        Assert.Equal(Errno.Success, _wasi.Open("target", OFlags.Directory, Rights.None).Errno);

        Assert.Equal(Errno.Success, _wasi.Mkdir("source"));
        Assert.Equal(Errno.Success, _wasi.Rename("source", "target")); // onto an empty directory
        _wasi.CreateHostFile("target/file");
        Assert.Equal(Errno.Success, _wasi.Mkdir("source"));
        Assert.Equal(Errno.Notempty, _wasi.Rename("source", "target"));
        Assert.Equal(Errno.Notdir, _wasi.Rename("source", "target/file"));

        Assert.Equal(Errno.Success, _wasi.Rename("source/", "moved"));
        Assert.Equal(Errno.Success, _wasi.Rename("moved", "source/"));
        Assert.Equal(Errno.Success, _wasi.Rename("source/", "moved/"));
        Assert.True(Directory.Exists(_wasi.HostPath("moved")));
    }

    [Fact]
    public void RenamesFilesAsRenameDoes()
    {
        _wasi.CreateHostFile("source", "s");
        Assert.Equal(Errno.Success, _wasi.Rename("source", "target"));
        Assert.Equal("s", File.ReadAllText(_wasi.HostPath("target")));

        _wasi.CreateHostFile("source", "new");
        Assert.Equal(Errno.Success, _wasi.Rename("source", "target")); // replaces
        Assert.Equal("new", File.ReadAllText(_wasi.HostPath("target")));

        _wasi.CreateHostFile("source");
        Assert.Equal(Errno.Success, _wasi.Mkdir("dir"));
        Assert.Equal(Errno.Isdir, _wasi.Rename("source", "dir"));
        Assert.Equal(Errno.Notdir, _wasi.Rename("source/", "other"));
    }

    [Fact]
    public void RenameBetweenDirectoryDescriptorsNeedsSourceAndTargetRights()
    {
        Directory.CreateDirectory(_wasi.HostPath("a"));
        Directory.CreateDirectory(_wasi.HostPath("b"));
        _wasi.CreateHostFile("a/file");
        var a = _wasi.OpenDirectoryOk("a");
        var b = _wasi.OpenDirectoryOk("b");
        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_set_rights", b, (ulong)(RightSets.Directory & ~Rights.PathRenameTarget), (ulong)RightSets.Inheritable));
        Assert.Equal(Errno.Notcapable, _wasi.Rename("file", "file", a, b));
        Assert.Equal(Errno.Success, _wasi.Rename("file", "file", a, WasiHarness.RootFd));
        Assert.True(File.Exists(_wasi.HostPath("file")));
    }

    [Fact]
    public void HardLinksBehaveAsLinkat()
    {
        _wasi.CreateHostFile("file", "data");
        Assert.Equal(Errno.Success, _wasi.Link("file", "link"));
        Assert.Equal(_wasi.PathFilestat("file").Stat.Ino, _wasi.PathFilestat("link").Stat.Ino);
        Assert.Equal(2UL, _wasi.PathFilestat("file").Stat.Nlink);

        Assert.Equal(Errno.Success, _wasi.Mkdir("subdir"));
        var subdir = _wasi.OpenDirectoryOk("subdir");
        Assert.Equal(Errno.Success, _wasi.Link("file", "link", toFd: subdir));
        Assert.Equal("data", File.ReadAllText(_wasi.HostPath("subdir/link")));

        Assert.Equal(Errno.Exist, _wasi.Link("file", "link"));
        Assert.Equal(Errno.Exist, _wasi.Link("file", "file"));
        Assert.Equal(Errno.Exist, _wasi.Link("file", "subdir"));
        Assert.Equal(Errno.Perm, _wasi.Link("subdir", "dirlink"));
        Assert.Equal(Errno.Noent, _wasi.Link("file", "newlink/"));
        Assert.Equal(Errno.Notdir, _wasi.Link("file/", "newlink"));
    }

    [Fact]
    public void HardLinksToSymlinksLinkTheSymlinkUnlessFollowing()
    {
        _wasi.CreateHostFile("file");
        Assert.Equal(Errno.Success, _wasi.Symlink("target", "dangling"));
        Assert.Equal(Errno.Success, _wasi.Link("dangling", "link"));
        Assert.Equal(FileType.SymbolicLink, _wasi.PathFilestat("link").Stat.Type);
        Assert.Equal(Errno.Noent, _wasi.Link("dangling", "link2", LookupFlags.SymlinkFollow));
        Assert.Equal(Errno.Exist, _wasi.Link("file", "dangling"));

        Assert.Equal(Errno.Success, _wasi.Symlink("file", "good"));
        Assert.Equal(Errno.Success, _wasi.Link("good", "followed", LookupFlags.SymlinkFollow));
        Assert.Equal(FileType.RegularFile, _wasi.PathFilestat("followed").Stat.Type);
    }

    [Fact]
    public void SymlinksStoreTheirContentsAsGiven()
    {
        Assert.Equal(Errno.Success, _wasi.Symlink("../sandbox/./x", "link"));
        Assert.Equal("../sandbox/./x", new FileInfo(_wasi.HostPath("link")).LinkTarget);
        Assert.Equal(Errno.Noent, _wasi.Symlink("", "empty"));
        Assert.Equal(Errno.Exist, _wasi.Symlink("x", "link"));
    }

    [Fact]
    public void SymlinkTrailingSlashesFollowLinux()
    {
        Assert.Equal(Errno.Noent, _wasi.Symlink("source", "target/"));
        Assert.Equal(Errno.Success, _wasi.Symlink("source", "target"));
        Assert.Equal(Errno.Success, _wasi.Unlink("target"));

        Assert.Equal(Errno.Success, _wasi.Mkdir("target"));
        Assert.Equal(Errno.Exist, _wasi.Symlink("source", "target/"));
        Assert.Equal(Errno.Exist, _wasi.Symlink("source", "target"));
        Assert.Equal(Errno.Success, _wasi.Rmdir("target"));

        _wasi.CreateHostFile("target");
        Assert.Contains(_wasi.Symlink("source", "target/"), new[] { Errno.Notdir, Errno.Exist });
        Assert.Equal(Errno.Exist, _wasi.Symlink("source", "target"));
    }

    [Fact]
    public void EachOperationNeedsItsRight()
    {
        _wasi.CreateHostFile("file");
        Directory.CreateDirectory(_wasi.HostPath("dir"));
        var dir = _wasi.OpenOk(".", OFlags.Directory, Rights.PathOpen, RightSets.Inheritable);
        Assert.Equal(Errno.Notcapable, _wasi.Mkdir("new", dir));
        Assert.Equal(Errno.Notcapable, _wasi.Rmdir("dir", dir));
        Assert.Equal(Errno.Notcapable, _wasi.Unlink("file", dir));
        Assert.Equal(Errno.Notcapable, _wasi.Symlink("file", "link", dir));
        Assert.Equal(Errno.Notcapable, _wasi.Rename("file", "moved", dir, dir));
        Assert.Equal(Errno.Notcapable, _wasi.Link("file", "hard", fromFd: dir, toFd: dir));
        Assert.Equal(Errno.Notcapable, _wasi.Readlink("file", dirFd: dir).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.PathFilestat("file", dirFd: dir).Errno);
        Assert.Equal(["dir", "file"], Directory.GetFileSystemEntries(_wasi.Sandbox).Select(Path.GetFileName).Order());
    }
}
