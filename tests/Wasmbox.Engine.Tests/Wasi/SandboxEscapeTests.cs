using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>
/// Every way out of a preopen we know of, tried with every kind of path function: each must fail
/// (mostly <c>notcapable</c>) and leave the directory beside the sandbox untouched.
/// </summary>
public sealed class SandboxEscapeTests : IDisposable
{
    private readonly WasiHarness _wasi = new();

    public void Dispose() => _wasi.Dispose();

    /// <summary>Paths that lexically leave the sandbox ("../outside" is where the secret is).</summary>
    public static TheoryData<string> EscapingPaths => new()
    {
        "../outside/secret.txt",
        "a/../../outside/secret.txt",
        "./../outside/secret.txt",
        "a/b/../../../outside/secret.txt",
        "..",
        "../",
        "/etc/passwd",
        "/",
        "//outside/secret.txt",
    };

    [Theory]
    [MemberData(nameof(EscapingPaths))]
    public void OpenRefusesPathsLeavingThePreopen(string path)
    {
        Directory.CreateDirectory(_wasi.HostPath("a/b"));
        foreach (var lookup in new[] { LookupFlags.None, LookupFlags.SymlinkFollow })
        {
            var (errno, _) = _wasi.Open(path, rights: Rights.FdRead, lookup: lookup);
            Assert.Equal(Errno.Notcapable, errno);
        }
    }

    [Theory]
    [MemberData(nameof(EscapingPaths))]
    public void EveryPathFunctionRefusesPathsLeavingThePreopen(string path)
    {
        Directory.CreateDirectory(_wasi.HostPath("a/b"));
        _wasi.CreateHostFile("inside.txt", "inside");

        Assert.Equal(Errno.Notcapable, _wasi.PathFilestat(path).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.PathFilestat(path, LookupFlags.SymlinkFollow).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Mkdir(path));
        Assert.Equal(Errno.Notcapable, _wasi.Rmdir(path));
        Assert.Equal(Errno.Notcapable, _wasi.Unlink(path));
        Assert.Equal(Errno.Notcapable, _wasi.Readlink(path).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Symlink("inside.txt", path));
        Assert.Equal(Errno.Notcapable, _wasi.Rename("inside.txt", path));
        Assert.Equal(Errno.Notcapable, _wasi.Rename(path, "stolen.txt"));
        Assert.Equal(Errno.Notcapable, _wasi.Link("inside.txt", path));
        Assert.Equal(Errno.Notcapable, _wasi.Link(path, "stolen.txt"));
        var (pointer, length) = _wasi.Put(path);
        Assert.Equal(Errno.Notcapable, _wasi.Call("path_filestat_set_times", WasiHarness.RootFd, 0, pointer, length, 0, 0, (ulong)FstFlags.MtimNow));

        AssertOutsideUntouched();
        Assert.Equal("inside", File.ReadAllText(_wasi.HostPath("inside.txt")));
    }

    [Fact]
    public void DotDotInsideThePreopenIsFine()
    {
        _wasi.CreateHostFile("dir/nested/file", "x");
        var fd = _wasi.OpenOk("dir/.//nested/../../dir/nested/../nested///./file", rights: Rights.FdRead);
        Assert.Equal("x", System.Text.Encoding.UTF8.GetString(_wasi.Read(fd, 10).Data));
    }

    [Fact]
    public void DotDotCannotClimbAboveTheDirectoryDescriptorUsed()
    {
        // Still inside the preopen, but above the descriptor the path is relative to.
        _wasi.CreateHostFile("top.txt", "top");
        Directory.CreateDirectory(_wasi.HostPath("sub"));
        var sub = _wasi.OpenDirectoryOk("sub");
        Assert.Equal(Errno.Notcapable, _wasi.Open("../top.txt", rights: Rights.FdRead, dirFd: sub).Errno);
        Assert.Equal(Errno.Success, _wasi.Open("top.txt", rights: Rights.FdRead).Errno);
    }

    [Theory]
    [InlineData("absolute")]
    [InlineData("relative")]
    public void SymlinkPointingOutsideIsNotFollowed(string kind)
    {
        var target = kind == "absolute" ? Path.Combine(_wasi.Outside, "secret.txt") : "../outside/secret.txt";
        File.CreateSymbolicLink(_wasi.HostPath("escape"), target);
        Directory.CreateSymbolicLink(_wasi.HostPath("escape-dir"), kind == "absolute" ? _wasi.Outside : "../outside");

        Assert.Equal(Errno.Notcapable, _wasi.Open("escape", rights: Rights.FdRead, lookup: LookupFlags.SymlinkFollow).Errno);
        Assert.Equal(Errno.Loop, _wasi.Open("escape", rights: Rights.FdRead).Errno); // not following: it is a symlink
        Assert.Equal(Errno.Notcapable, _wasi.Open("escape-dir/secret.txt", rights: Rights.FdRead).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Open("escape-dir/", OFlags.Directory).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.PathFilestat("escape", LookupFlags.SymlinkFollow).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.PathFilestat("escape-dir/secret.txt").Errno);
        Assert.Equal(Errno.Notcapable, _wasi.PathFilestat("escape-dir/").Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Mkdir("escape-dir/new"));
        Assert.Equal(Errno.Notcapable, _wasi.Unlink("escape-dir/secret.txt"));
        Assert.Equal(Errno.Notcapable, _wasi.Open("escape-dir/created", OFlags.Creat, Rights.FdWrite).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Link("escape", "hard", LookupFlags.SymlinkFollow));

        // Without following, the link itself is what is named: stat sees a symlink, unlink removes the link.
        Assert.Equal(FileType.SymbolicLink, _wasi.PathFilestat("escape").Stat.Type);
        Assert.Equal(Errno.Success, _wasi.Unlink("escape"));
        AssertOutsideUntouched();
    }

    [Fact]
    public void TrailingSlashDoesNotSmuggleAFollowPastTheSandbox()
    {
        // The kernel follows "link/" even with O_NOFOLLOW and AT_SYMLINK_NOFOLLOW; we must not let it.
        Directory.CreateSymbolicLink(_wasi.HostPath("out"), _wasi.Outside);
        Assert.Equal(Errno.Notcapable, _wasi.PathFilestat("out/").Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Open("out/", OFlags.Directory).Errno);
        var (pointer, length) = _wasi.Put("out/");
        Assert.Equal(Errno.Notcapable, _wasi.Call("path_filestat_set_times", WasiHarness.RootFd, 0, pointer, length, 0, 0, (ulong)FstFlags.MtimNow));
        var before = Directory.GetLastWriteTimeUtc(_wasi.Outside);
        Assert.Equal(before, Directory.GetLastWriteTimeUtc(_wasi.Outside));
    }

    [Fact]
    public void EntryOperationsWithATrailingSlashActOnTheLinkNotItsTarget()
    {
        // These keep the slash for the kernel, which never follows the last name of a create,
        // remove or rename: whatever happens, it happens to the link, inside the sandbox.
        Directory.CreateSymbolicLink(_wasi.HostPath("out"), _wasi.Outside);
        Assert.Equal(Errno.Exist, _wasi.Mkdir("out/"));
        Assert.Equal(Errno.Notdir, _wasi.Rmdir("out/"));
        Assert.Equal(Errno.Notdir, _wasi.Unlink("out/"));
        Assert.Equal(Errno.Exist, _wasi.Symlink("x", "out/"));
        Assert.Equal(Errno.Notdir, _wasi.Rename("out/", "moved"));
        _wasi.CreateHostFile("file");
        Assert.Contains(_wasi.Rename("file", "out/"), new[] { Errno.Notdir, Errno.Isdir });
        Assert.Equal(Errno.Exist, _wasi.Link("file", "out/"));
        Assert.True(new FileInfo(_wasi.HostPath("out")).LinkTarget is not null);
        AssertOutsideUntouched();
    }

    [Fact]
    public void SymlinkChainEndingOutsideIsRefused()
    {
        File.CreateSymbolicLink(_wasi.HostPath("one"), "two");
        File.CreateSymbolicLink(_wasi.HostPath("two"), "sub/three");
        Directory.CreateDirectory(_wasi.HostPath("sub"));
        File.CreateSymbolicLink(_wasi.HostPath("sub/three"), "../../outside/secret.txt");

        Assert.Equal(Errno.Notcapable, _wasi.Open("one", rights: Rights.FdRead, lookup: LookupFlags.SymlinkFollow).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.PathFilestat("one", LookupFlags.SymlinkFollow).Errno);
    }

    [Fact]
    public void SymlinkChainStayingInsideIsFollowed()
    {
        _wasi.CreateHostFile("sub/real.txt", "real");
        File.CreateSymbolicLink(_wasi.HostPath("one"), "two");
        File.CreateSymbolicLink(_wasi.HostPath("two"), "sub/three");
        File.CreateSymbolicLink(_wasi.HostPath("sub/three"), "../sub/./real.txt");

        var fd = _wasi.OpenOk("one", rights: Rights.FdRead, lookup: LookupFlags.SymlinkFollow);
        Assert.Equal("real", System.Text.Encoding.UTF8.GetString(_wasi.Read(fd, 10).Data));
    }

    [Fact]
    public void SymlinkLoopsEndInLoop()
    {
        Assert.Equal(Errno.Success, _wasi.Symlink("self", "self"));
        Assert.Equal(Errno.Success, _wasi.Symlink("ping", "pong"));
        Assert.Equal(Errno.Success, _wasi.Symlink("pong", "ping"));

        Assert.Equal(Errno.Loop, _wasi.Open("self", lookup: LookupFlags.SymlinkFollow).Errno);
        Assert.Equal(Errno.Loop, _wasi.Open("ping", lookup: LookupFlags.SymlinkFollow).Errno);
        Assert.Equal(Errno.Loop, _wasi.Open("self/x").Errno);
        Assert.Equal(Errno.Loop, _wasi.Open("self").Errno); // not following: it is a symlink
    }

    [Fact]
    public void GuestCreatedEscapingSymlinkCannotBeFollowed()
    {
        // Absolute contents are refused at creation...
        Assert.Equal(Errno.Notcapable, _wasi.Symlink(_wasi.Outside, "abs"));
        Assert.Equal(Errno.Notcapable, _wasi.Symlink("/", "root"));
        Assert.False(Path.Exists(_wasi.HostPath("abs")));

        // ...relative ones may be created (POSIX lets links dangle), but never lead out.
        Assert.Equal(Errno.Success, _wasi.Mkdir("x"));
        Assert.Equal(Errno.Success, _wasi.Symlink("../outside", "rel"));
        Assert.Equal(Errno.Success, _wasi.Symlink("x/../../outside/secret.txt", "rel-file"));
        Assert.Equal(Errno.Notcapable, _wasi.Open("rel/secret.txt", rights: Rights.FdRead).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Open("rel-file", rights: Rights.FdRead | Rights.FdWrite, lookup: LookupFlags.SymlinkFollow).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Open("rel/new", OFlags.Creat, Rights.FdWrite).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Mkdir("rel/newdir"));
        Assert.Equal(Errno.Notcapable, _wasi.Rename("rel-file", "rel/moved"));
        AssertOutsideUntouched();
    }

    [Fact]
    public void RenameAndLinkCannotMoveThingsOutside()
    {
        _wasi.CreateHostFile("inside.txt", "inside");
        Directory.CreateSymbolicLink(_wasi.HostPath("out"), _wasi.Outside);

        Assert.Equal(Errno.Notcapable, _wasi.Rename("inside.txt", "../outside/moved.txt"));
        Assert.Equal(Errno.Notcapable, _wasi.Rename("inside.txt", "out/moved.txt"));
        Assert.Equal(Errno.Notcapable, _wasi.Rename("out/secret.txt", "stolen.txt"));
        Assert.Equal(Errno.Notcapable, _wasi.Link("inside.txt", "../outside/linked.txt"));
        Assert.Equal(Errno.Notcapable, _wasi.Link("inside.txt", "out/linked.txt"));
        Assert.Equal(Errno.Notcapable, _wasi.Link("out/secret.txt", "stolen.txt"));
        Assert.Equal(Errno.Notcapable, _wasi.Link("out/secret.txt", "stolen.txt", LookupFlags.SymlinkFollow));

        // Renaming the link itself is fine: it stays inside, and still leads nowhere.
        Assert.Equal(Errno.Success, _wasi.Rename("out", "still-out"));
        Assert.Equal(Errno.Notcapable, _wasi.Open("still-out/secret.txt", rights: Rights.FdRead).Errno);
        Assert.True(File.Exists(_wasi.HostPath("inside.txt")));
        AssertOutsideUntouched();
    }

    [Fact]
    public void RenamingAnOpenDirectoryOutOfTheWayDoesNotLetDotDotClimb()
    {
        // The walk pops its own stack for "..": where the directory sits now does not matter.
        Directory.CreateDirectory(_wasi.HostPath("a/b"));
        var b = _wasi.OpenDirectoryOk("a/b");
        Directory.Move(_wasi.HostPath("a"), Path.Combine(_wasi.Outside, "a"));
        Assert.Equal(Errno.Notcapable, _wasi.Open("../../secret.txt", rights: Rights.FdRead, dirFd: b).Errno);
        Assert.Equal(Errno.Notcapable, _wasi.Open("..", OFlags.Directory, dirFd: b).Errno);
    }

    /// <summary>
    /// Random walks: paths built from "..", ".", names that exist, symlinks the guest itself keeps
    /// creating (to random relative targets, so chains and loops form), with random trailing
    /// slashes, thrown at every path function. Whatever the errno, nothing outside may change and
    /// nothing the guest opens may lie outside.
    /// </summary>
    [Fact]
    public void RandomPathsNeverLeaveTheSandbox()
    {
        _wasi.CreateHostFile("dir/nested/file", "inside");
        Directory.CreateSymbolicLink(_wasi.HostPath("out"), _wasi.Outside);
        File.CreateSymbolicLink(_wasi.HostPath("dir/up"), "../..");
        string[] parts = ["..", ".", "dir", "nested", "file", "out", "up", "l0", "l1", "l2", "secret.txt", "new"];
        var random = new Random(4242);
        string RandomPath()
        {
            var path = string.Join('/', Enumerable.Range(0, random.Next(1, 6)).Select(_ => parts[random.Next(parts.Length)]));
            return random.Next(8) == 0 ? path + "/" : path;
        }

        var forbidden = OutsideInodes();
        var successes = 0;
        for (var i = 0; i < 4000; i++)
        {
            var path = RandomPath();
            var lookup = random.Next(2) == 0 ? LookupFlags.None : LookupFlags.SymlinkFollow;
            switch (random.Next(9))
            {
                case 0: _wasi.Symlink(RandomPath(), $"l{random.Next(3)}"); break;
                case 1: _wasi.Unlink($"l{random.Next(3)}"); break;
                case 2:
                    var (errno, fd) = _wasi.Open(path, random.Next(4) == 0 ? OFlags.Creat : OFlags.None, Rights.FdRead | Rights.FdFilestatGet | Rights.FdReaddir, lookup: lookup);
                    if (errno == Errno.Success)
                    {
                        Assert.DoesNotContain(_wasi.FdFilestat(fd).Stat.Ino, forbidden);
                        _wasi.Close(fd);
                        successes++;
                    }

                    break;
                case 3:
                    var (statErrno, stat) = _wasi.PathFilestat(path, lookup);
                    if (statErrno == Errno.Success)
                    {
                        Assert.DoesNotContain(stat.Ino, forbidden);
                        successes++;
                    }

                    break;
                case 4: _wasi.Mkdir(path); break;
                case 5: _wasi.Rename(path, RandomPath()); break;
                case 6: _wasi.Link(path, RandomPath(), lookup); break;
                case 7: _wasi.Rmdir(path); break;
                default: _wasi.Unlink(path); break;
            }
        }

        Assert.True(successes > 100, $"only {successes} opens and stats succeeded: the walk explored too little");
        AssertOutsideUntouched();
    }

    /// <summary>The inodes of the outside directory, its secret and the scratch folder above both.</summary>
    private ulong[] OutsideInodes()
    {
        using var wasi = new WasiHarness(h => new Wasmbox.Engine.Wasi.WasiConfiguration { Preopens = [new(_wasi.Scratch, "/")] });
        return [wasi.PathFilestat("outside").Stat.Ino, wasi.PathFilestat("outside/secret.txt").Stat.Ino, wasi.PathFilestat(".").Stat.Ino];
    }

    private void AssertOutsideUntouched()
    {
        Assert.Equal(["secret.txt"], Directory.GetFileSystemEntries(_wasi.Outside).Select(Path.GetFileName));
        Assert.Equal("secret", File.ReadAllText(Path.Combine(_wasi.Outside, "secret.txt")));
    }
}
