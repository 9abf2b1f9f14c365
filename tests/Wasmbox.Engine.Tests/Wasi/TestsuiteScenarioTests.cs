using System.Text;
using Wasmbox.Engine.Tests.Support;
using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>
/// Call sequences of wasi-testsuite programs (which cannot run before the JIT exists), replayed
/// call by call against the suite's own fs-tests.dir, with the errno each program accepts.
/// </summary>
public sealed class TestsuiteScenarioTests : IDisposable
{
    private readonly WasiHarness _wasi;

    public TestsuiteScenarioTests()
    {
        var fixture = SharedData.Require(Path.Combine(SharedData.SharedDirectory, "wasi-testsuite", "tests", "c", "testsuite", "wasm32-wasip1", "fs-tests.dir"));
        _wasi = new WasiHarness(h =>
        {
            // As the suite's runner does: copy the root to a scratch folder (writable), then preopen it as "/".
            foreach (var file in Directory.GetFiles(fixture, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(h.Sandbox, Path.GetRelativePath(fixture, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
                File.SetAttributes(target, FileAttributes.Normal); // the suite ships its files read-only
            }

            Directory.CreateDirectory(Path.Combine(h.Sandbox, "writeable"));
            return new WasiConfiguration { Arguments = ["test.wasm"], Preopens = [new WasiPreopen(h.Sandbox, "/")] };
        });
    }

    public void Dispose() => _wasi.Dispose();

    /// <summary>wasi-libc's startup: scan from fd 3 for preopens until badf, reading each name.</summary>
    [Fact]
    public void WasiLibcFindsItsPreopens()
    {
        var found = new List<(uint, string)>();
        var prestat = _wasi.Alloc(8);
        for (uint fd = 3; ; fd++)
        {
            var errno = _wasi.Call("fd_prestat_get", fd, prestat);
            if (errno == Errno.Badf) break;
            Assert.Equal(Errno.Success, errno);
            var name = _wasi.Alloc((int)_wasi.U32(prestat + 4));
            Assert.Equal(Errno.Success, _wasi.Call("fd_prestat_dir_name", fd, name, _wasi.U32(prestat + 4)));
            found.Add((fd, Encoding.UTF8.GetString(_wasi.Bytes(name, (int)_wasi.U32(prestat + 4)))));
        }

        Assert.Equal([(3u, "/")], found);
    }

    /// <summary>path_open_preopen: a preopen holds at least the rights userland expects of directories.</summary>
    [Fact]
    public void PathOpenPreopen()
    {
        var (_, _, _, baseRights, inheriting) = _wasi.Fdstat(3);
        var directoryBase = Rights.PathCreateDirectory | Rights.PathCreateFile | Rights.PathLinkSource | Rights.PathLinkTarget
            | Rights.PathOpen | Rights.FdReaddir | Rights.PathReadlink | Rights.PathRenameSource | Rights.PathRenameTarget
            | Rights.PathSymlink | Rights.PathRemoveDirectory | Rights.PathUnlinkFile | Rights.PathFilestatGet
            | Rights.PathFilestatSetTimes | Rights.FdFilestatGet | Rights.FdFilestatSetTimes;
        var directoryInheriting = directoryBase | Rights.FdDatasync | Rights.FdRead | Rights.FdSeek | Rights.FdFdstatSetFlags
            | Rights.FdSync | Rights.FdTell | Rights.FdWrite | Rights.FdAdvise | Rights.FdAllocate | Rights.FdFilestatGet
            | Rights.FdFilestatSetSize | Rights.FdFilestatSetTimes | Rights.PollFdReadwrite;
        Assert.Equal(directoryBase, baseRights & directoryBase);
        Assert.Equal(directoryInheriting, inheriting & directoryInheriting);

        Assert.Equal(Errno.Success, _wasi.Open(".", OFlags.None, baseRights, inheriting).Errno);
        Assert.Equal(Errno.Success, _wasi.Open(".", OFlags.None, Rights.None).Errno);
        Assert.Equal(Errno.Success, _wasi.Open(".", OFlags.Directory, Rights.None).Errno);
        Assert.Equal(Errno.Success, _wasi.Open(".", OFlags.Directory, Rights.FdRead).Errno);
        Assert.Equal(Errno.Isdir, _wasi.Open(".", OFlags.Directory, Rights.FdRead | Rights.FdWrite).Errno);
    }

    /// <summary>truncation_rights: O_TRUNC needs path_filestat_set_size on the directory, nothing on the file.</summary>
    [Fact]
    public void TruncationRights()
    {
        var dir = CreateTmpDir("truncation_rights_dir.cleanup");
        _wasi.Close(_wasi.OpenOk("file", OFlags.Creat, Rights.None, dirFd: dir));
        var (_, type, flags, baseRights, inheriting) = _wasi.Fdstat(dir);
        Assert.Equal((FileType.Directory, FdFlags.None, Rights.None), (type, flags, baseRights & Rights.FdFilestatSetSize));
        Assert.NotEqual(Rights.None, baseRights & Rights.PathFilestatSetSize);

        _wasi.Close(_wasi.OpenOk("file", OFlags.Trunc, Rights.None, dirFd: dir));
        inheriting &= ~Rights.FdFilestatSetSize;
        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_set_rights", dir, (ulong)baseRights, (ulong)inheriting));
        _wasi.Close(_wasi.OpenOk("file", OFlags.Trunc, Rights.None, dirFd: dir));
        baseRights &= ~Rights.PathFilestatSetSize;
        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_set_rights", dir, (ulong)baseRights, (ulong)inheriting));
        Assert.Equal(Rights.None, _wasi.Fdstat(dir).Base & Rights.PathFilestatSetSize);
        Assert.Equal(Errno.Notcapable, _wasi.Open("file", OFlags.Trunc, Rights.None, dirFd: dir).Errno);
        Assert.Equal(Errno.Success, _wasi.Unlink("file", dir));
    }

    /// <summary>dir_fd_op_failures: file operations on a directory descriptor fail with an accepted errno.</summary>
    [Fact]
    public void DirFdOpFailures()
    {
        var dir = RootDirectory();
        Assert.Equal(FileType.Directory, _wasi.FdFilestat(dir).Stat.Type);
        Assert.Contains(_wasi.Call("fd_prestat_dir_name", 3, _wasi.Alloc(1), 0), new[] { Errno.Inval, Errno.Nametoolong });
        Assert.Equal(Errno.Success, _wasi.Call("fd_prestat_dir_name", 3, _wasi.Alloc(2), 2));

        Errno[] accepted = [Errno.Isdir, Errno.Badf, Errno.Notcapable];
        Assert.Contains(_wasi.Read(dir, 128).Errno, accepted);
        Assert.Contains(_wasi.Pread(dir, 128, 0).Errno, accepted);
        Assert.Contains(_wasi.Write(dir, new byte[128]).Errno, accepted);
        Assert.Contains(_wasi.Pwrite(dir, 0, new byte[128]).Errno, accepted);
        Assert.Contains(_wasi.Seek(dir, 0, Whence.Cur).Errno, accepted);
        Assert.Contains(_wasi.Seek(dir, 0, Whence.Set).Errno, accepted);
        Assert.Contains(_wasi.Seek(dir, 0, Whence.End).Errno, accepted);
        Assert.Contains(_wasi.Tell(dir).Errno, accepted);
        Assert.Contains(_wasi.Call("fd_allocate", dir, 0, 1), accepted);
        Assert.Contains(_wasi.Call("fd_filestat_set_size", dir, 0), accepted.Append(Errno.Inval));
    }

    /// <summary>lseek.c: fread through the libc buffer, then lseek reports the descriptor's real offset.</summary>
    [Fact]
    public void Lseek()
    {
        var fd = _wasi.OpenOk("lseek.txt", rights: Rights.FdRead | Rights.FdSeek | Rights.FdTell);
        Assert.Equal(4, _wasi.Read(fd, 4).Data.Length);
        Assert.Equal((Errno.Success, 4UL), _wasi.Seek(fd, 0, Whence.Cur));
        var fifth = _wasi.Read(fd, 1).Data;
        Assert.Equal((Errno.Success, 5UL), _wasi.Seek(fd, 0, Whence.Cur));
        Assert.Equal((byte)'4', fifth[0]);
        Assert.Equal((Errno.Success, 0UL), _wasi.Seek(fd, 0, Whence.Set));
        Assert.Equal((Errno.Success, 8UL), _wasi.Seek(fd, 0, Whence.End));
    }

    /// <summary>pread-with-access and pwrite-with-access, as their C programs call them.</summary>
    [Fact]
    public void PreadAndPwriteWithAccess()
    {
        var reader = _wasi.OpenOk("pread.txt", rights: Rights.FdRead | Rights.FdSeek);
        Assert.Equal("d-t", Encoding.ASCII.GetString(_wasi.Pread(reader, 3, 4).Data));

        Assert.Equal(Errno.Noent, _wasi.PathFilestat("writeable/test_pwrite_pread.txt.cleanup").Errno);
        var writer = _wasi.OpenOk("writeable/test_pwrite_pread.txt.cleanup", OFlags.Creat, Rights.FdWrite | Rights.FdSeek);
        Assert.Equal((Errno.Success, 14u), _wasi.Pwrite(writer, 0, "very long text"u8.ToArray()));
        Assert.Equal((Errno.Success, 4u), _wasi.Pwrite(writer, 3, "test"u8.ToArray()));
        Assert.Equal(Errno.Success, _wasi.Close(writer));
        var check = _wasi.OpenOk("writeable/test_pwrite_pread.txt.cleanup", rights: Rights.FdRead);
        Assert.Equal("vertestng text", Encoding.ASCII.GetString(_wasi.Read(check, 16).Data));
        Assert.Equal(Errno.Success, _wasi.Unlink("writeable/test_pwrite_pread.txt.cleanup"));
    }

    /// <summary>fdopendir-with-access: every entry's d_ino is what fstatat says.</summary>
    [Fact]
    public void FdopendirWithAccess()
    {
        var dir = _wasi.OpenOk("fopendir.dir", OFlags.Directory, RightSets.Inheritable & ~(Rights.FdWrite | Rights.FdAllocate | Rights.FdFilestatSetSize | Rights.FdDatasync), RightSets.Inheritable); // as wasi-libc asks for O_RDONLY
        var buffer = _wasi.Alloc(4096);
        var used = _wasi.Alloc(4);
        Assert.Equal(Errno.Success, _wasi.Call("fd_readdir", dir, buffer, 4096, 0, used));
        var inodes = new Dictionary<string, ulong>();
        for (uint offset = 0; offset < _wasi.U32(used);)
        {
            var length = _wasi.U32(buffer + offset + 16);
            inodes[Encoding.UTF8.GetString(_wasi.Bytes(buffer + offset + 24, (int)length))] = _wasi.U64(buffer + offset + 8);
            offset += 24 + length;
        }

        Assert.Equal([".", "..", "file-0", "file-1"], inodes.Keys.Order());
        Assert.Equal(_wasi.PathFilestat("file-0", dirFd: dir).Stat.Ino, inodes["file-0"]);
        Assert.Equal(_wasi.PathFilestat("file-1", dirFd: dir).Stat.Ino, inodes["file-1"]);
        Assert.NotEqual(inodes["file-0"], inodes["file-1"]);
    }

    /// <summary>The suite's root_directory(): reopen the preopen named "/" with its own rights.</summary>
    private uint RootDirectory()
    {
        var (_, _, _, baseRights, inheriting) = _wasi.Fdstat(3);
        var fd = _wasi.OpenOk(".", OFlags.Directory, baseRights, inheriting);
        Assert.True(fd > 3);
        return fd;
    }

    /// <summary>The suite's create_tmp_dir(): its exact rights request.</summary>
    private uint CreateTmpDir(string name)
    {
        var root = RootDirectory();
        Assert.Equal(Errno.Success, _wasi.Mkdir(name, root));
        var baseRights = Rights.FdFilestatGet | Rights.FdReaddir | Rights.PathCreateFile | Rights.PathCreateDirectory
            | Rights.PathRemoveDirectory | Rights.PathOpen | Rights.PathUnlinkFile | Rights.PathLinkSource | Rights.PathLinkTarget
            | Rights.PathReadlink | Rights.PathRenameSource | Rights.PathRenameTarget | Rights.PathFilestatGet
            | Rights.PathFilestatSetSize | Rights.PathFilestatSetTimes | Rights.PathSymlink;
        var inheriting = Rights.FdRead | Rights.FdWrite | Rights.FdReaddir | Rights.FdFilestatGet | Rights.FdSeek
            | Rights.PathLinkSource | Rights.PathLinkTarget | Rights.PathOpen | Rights.PathUnlinkFile | Rights.PathFilestatGet
            | Rights.FdFdstatSetFlags | Rights.FdSync | Rights.FdTell | Rights.FdAdvise | Rights.FdAllocate
            | Rights.FdFilestatSetSize | Rights.FdFilestatSetTimes;
        return _wasi.OpenOk(name, OFlags.Directory, baseRights, inheriting, dirFd: root);
    }
}
