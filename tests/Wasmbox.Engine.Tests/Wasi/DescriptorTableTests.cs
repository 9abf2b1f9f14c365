using System.Text;
using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>fd_close, fd_renumber, fd_prestat_get, fd_prestat_dir_name and the descriptor limit.</summary>
public sealed class DescriptorTableTests
{
    [Fact]
    public void NewDescriptorsTakeTheLowestFreeNumber()
    {
        using var wasi = new WasiHarness();
        var a = wasi.OpenOk("a", OFlags.Creat);
        var b = wasi.OpenOk("b", OFlags.Creat);
        Assert.Equal((4u, 5u), (a, b));
        Assert.Equal(Errno.Success, wasi.Close(a));
        Assert.Equal(Errno.Badf, wasi.Close(a));
        Assert.Equal(4u, wasi.OpenOk("c", OFlags.Creat));
    }

    [Fact]
    public void RenumberMovesADescriptorOntoAnOpenNumber()
    {
        using var wasi = new WasiHarness();
        var from = wasi.OpenOk("file1", OFlags.Creat, Rights.FdRead | Rights.FdWrite);
        var to = wasi.OpenOk("file2", OFlags.Creat, Rights.FdRead);
        var before = wasi.Fdstat(from);

        Assert.Equal(Errno.Success, wasi.Call("fd_renumber", from, to));
        Assert.Equal(Errno.Badf, wasi.Close(from));
        Assert.Equal(before, wasi.Fdstat(to));
        wasi.Write(to, "x");
        Assert.Equal("x", File.ReadAllText(wasi.HostPath("file1")));

        Assert.Equal(Errno.Badf, wasi.Call("fd_renumber", to, from)); // the target must be open
        Assert.Equal(Errno.Badf, wasi.Call("fd_renumber", from, to)); // and so must the source
        Assert.Equal(Errno.Success, wasi.Call("fd_renumber", to, to));
        Assert.Equal(Errno.Success, wasi.Fdstat(to).Errno);
    }

    [Fact]
    public void RenumberCanReplaceAPreopenAndStdio()
    {
        using var wasi = new WasiHarness();
        Directory.CreateDirectory(wasi.HostPath("sub"));
        var dir = wasi.OpenDirectoryOk("sub");
        var ino = wasi.FdFilestat(dir).Stat.Ino;
        Assert.Equal(Errno.Success, wasi.Call("fd_renumber", dir, WasiHarness.RootFd));
        Assert.Equal(ino, wasi.FdFilestat(WasiHarness.RootFd).Stat.Ino);
        Assert.Equal(Errno.Badf, wasi.Fdstat(dir).Errno);
        Assert.Equal(Errno.Badf, wasi.Call("fd_prestat_get", WasiHarness.RootFd, wasi.Alloc(8))); // no longer a preopen

        // stdio can be renumbered away like anything else (wasi-testsuite stdio).
        var file = wasi.OpenOk("file", OFlags.Creat, Rights.None, dirFd: WasiHarness.RootFd);
        Assert.Equal(Errno.Success, wasi.Call("fd_renumber", 1, file));
        Assert.Equal(FileType.Unknown, wasi.Fdstat(file).Type);
        Assert.Equal(Errno.Badf, wasi.Fdstat(1).Errno);
    }

    [Fact]
    public void ClosingAPreopenLeavesOtherDescriptorsWorking()
    {
        using var wasi = new WasiHarness();
        var dir = wasi.OpenDirectoryOk(".");
        Assert.Equal(Errno.Success, wasi.Close(WasiHarness.RootFd));
        Assert.Equal(Errno.Badf, wasi.Fdstat(WasiHarness.RootFd).Errno);
        Assert.Equal(FileType.Directory, wasi.Fdstat(dir).Type);
        Assert.Equal(Errno.Success, wasi.Open("file", OFlags.Creat, dirFd: dir).Errno);
    }

    [Fact]
    public void PrestatDescribesPreopensAndOnlyThem()
    {
        using var wasi = new WasiHarness(h => new WasiConfiguration
        {
            Preopens = [new(h.Sandbox, "/"), new(h.Outside, "/data/ünïcode")],
        });
        var prestat = wasi.Alloc(8);
        Assert.Equal(Errno.Success, wasi.Call("fd_prestat_get", 3, prestat));
        Assert.Equal(0, wasi.Memory.Bytes[prestat]);
        Assert.Equal(1u, wasi.U32(prestat + 4));

        Assert.Equal(Errno.Success, wasi.Call("fd_prestat_get", 4, prestat));
        var length = wasi.U32(prestat + 4);
        Assert.Equal((uint)Encoding.UTF8.GetByteCount("/data/ünïcode"), length);
        var name = wasi.Alloc((int)length + 1);
        wasi.Memory.Bytes[name + length] = 0xAA;
        Assert.Equal(Errno.Success, wasi.Call("fd_prestat_dir_name", 4, name, length + 1));
        Assert.Equal("/data/ünïcode", Encoding.UTF8.GetString(wasi.Bytes(name, (int)length)));
        Assert.Equal(0xAA, wasi.Memory.Bytes[name + length]); // no NUL appended
        Assert.Equal(Errno.Nametoolong, wasi.Call("fd_prestat_dir_name", 4, name, 0));
        Assert.Equal(Errno.Nametoolong, wasi.Call("fd_prestat_dir_name", 4, name, length - 1));

        // wasi-libc scans from 3 until badf; stdio, other directories and unused numbers are badf.
        Assert.Equal(Errno.Badf, wasi.Call("fd_prestat_get", 5, prestat));
        Assert.Equal(Errno.Badf, wasi.Call("fd_prestat_get", 1, prestat));
        var dir = wasi.OpenDirectoryOk(".");
        Assert.Equal(Errno.Badf, wasi.Call("fd_prestat_get", dir, prestat));
        Assert.Equal(Errno.Badf, wasi.Call("fd_prestat_dir_name", dir, name, 100));
    }

    [Fact]
    public void TheDescriptorLimitIsMfile()
    {
        using var wasi = new WasiHarness(h => new WasiConfiguration { Preopens = [new(h.Sandbox, "/")], MaxOpenDescriptors = 6 });
        Assert.Equal(4u, wasi.OpenOk("a", OFlags.Creat));
        Assert.Equal(5u, wasi.OpenOk("b", OFlags.Creat));
        Assert.Equal(Errno.Mfile, wasi.Open("c", OFlags.Creat).Errno);
        Assert.Equal(Errno.Success, wasi.Close(4));
        Assert.Equal(4u, wasi.OpenOk("c", OFlags.Creat));
    }

    [Fact]
    public void DisposingTheContextClosesItsHostDescriptorsButNotTheStdioStreams()
    {
        var stdout = new MemoryStream();
        var wasi = new WasiHarness(h => new WasiConfiguration { Preopens = [new(h.Sandbox, "/")], Stdout = stdout });
        var handles = new List<Microsoft.Win32.SafeHandles.SafeHandleMinusOneIsInvalid>();
        for (var i = 0; i < 5; i++)
        {
            wasi.Context.Descriptors.Get(wasi.OpenOk($"f{i}", OFlags.Creat), out var descriptor);
            handles.Add(((Wasmbox.Engine.Wasi.Descriptors.HostDescriptor)descriptor).Fd);
        }

        wasi.Context.Descriptors.Get(WasiHarness.RootFd, out var root);
        handles.Add(((Wasmbox.Engine.Wasi.Descriptors.HostDescriptor)root).Fd);
        wasi.Dispose();
        Assert.All(handles, h => Assert.True(h.IsClosed));
        Assert.True(stdout.CanWrite);
    }
}
