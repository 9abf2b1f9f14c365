using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi;
using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Binding;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>Guest pointers: out of range means <c>fault</c>, never an exception and never a stray access.</summary>
public sealed class GuestMemoryTests
{
    [Fact]
    public void ArrayMemoryChecksEveryWindow()
    {
        IGuestMemory memory = new ArrayGuestMemory(100);
        Assert.True(memory.TryGetSpan(0, 100, out var all));
        Assert.Equal(100, all.Length);
        Assert.True(memory.TryGetSpan(100, 0, out var empty));
        Assert.True(empty.IsEmpty);
        Assert.False(memory.TryGetSpan(1, 100, out _));
        Assert.False(memory.TryGetSpan(101, 0, out _));
        Assert.False(memory.TryGetSpan(uint.MaxValue, 2, out _));
        Assert.False(memory.TryGetSpan(2, uint.MaxValue, out _));
    }

    [Fact]
    public void ResultPointersPastTheEndFault()
    {
        using var wasi = new WasiHarness();
        var end = (ulong)wasi.Memory.Size;
        var (path, length) = wasi.Put(".");
        Assert.Equal(Errno.Fault, wasi.Call("fd_fdstat_get", 1, end - 23));
        Assert.Equal(Errno.Fault, wasi.Call("fd_filestat_get", WasiHarness.RootFd, end - 63));
        Assert.Equal(Errno.Fault, wasi.Call("fd_prestat_get", WasiHarness.RootFd, end - 7));
        Assert.Equal(Errno.Fault, wasi.Call("fd_prestat_dir_name", WasiHarness.RootFd, end, 1));
        Assert.Equal(Errno.Fault, wasi.Call("path_filestat_get", WasiHarness.RootFd, 0, path, length, end - 1));
        var file = wasi.OpenOk("file", OFlags.Creat, Rights.FdTell | Rights.FdSeek);
        Assert.Equal(Errno.Fault, wasi.Call("fd_tell", file, end - 4));
        Assert.Equal(Errno.Fault, wasi.Call("fd_seek", file, 0, 0, end));
        Assert.Equal(Errno.Fault, wasi.Call("fd_readdir", WasiHarness.RootFd, wasi.Alloc(64), 64, 0, end - 2));
    }

    [Fact]
    public void PathPointersPastTheEndFault()
    {
        using var wasi = new WasiHarness();
        wasi.CreateHostFile("file");
        var end = (ulong)wasi.Memory.Size;
        Assert.Equal(Errno.Fault, wasi.Call("path_create_directory", WasiHarness.RootFd, end - 2, 3));
        Assert.Equal(Errno.Fault, wasi.Call("path_unlink_file", WasiHarness.RootFd, uint.MaxValue, 2));
        Assert.Equal(Errno.Fault, wasi.Call("path_open", WasiHarness.RootFd, 0, end - 1, 2, 0, 0, 0, 0, wasi.Alloc(4)));
        var (target, targetLength) = wasi.Put("x");
        Assert.Equal(Errno.Fault, wasi.Call("path_symlink", end, 1, WasiHarness.RootFd, target, targetLength));
        Assert.Equal(Errno.Fault, wasi.Call("path_symlink", target, targetLength, WasiHarness.RootFd, end, 1));
        Assert.Equal(["file"], Directory.GetFileSystemEntries(wasi.Sandbox).Select(Path.GetFileName));
    }

    /// <summary>
    /// Every function (but the two that block or end the guest) called 3,000 times with arbitrary
    /// arguments: pointers anywhere, lengths of any size, any descriptor and flags. Each call must
    /// return an errno, none by way of an unexpected exception, and the directory beside the
    /// sandbox must be untouched at the end.
    /// </summary>
    [Fact]
    public void ArbitraryArgumentsNeverThrowOrEscape()
    {
        var random = new Random(20260818);
        foreach (var function in WasiPreview1.Functions.Where(f => f.Name is not ("proc_exit" or "poll_oneoff")))
        {
            // A fresh guest per function, so fd_close and fd_renumber cannot starve the rest of descriptors.
            var failures = new List<string>();
            using var wasi = new WasiHarness(h => new WasiConfiguration
            {
                Preopens = [new WasiPreopen(h.Sandbox, "/")],
                UnexpectedFailure = (name, e) => failures.Add($"{name}: {e}"),
            }, memorySize: 1 << 16);
            wasi.CreateHostFile("file", "contents");
            wasi.CreateHostFile("dir/nested");
            File.CreateSymbolicLink(wasi.HostPath("out"), wasi.Outside);
            wasi.OpenOk("file", rights: Rights.FdRead | Rights.FdSeek);
            wasi.OpenDirectoryOk("dir");

            for (var i = 0; i < 3000; i++)
            {
                SeedMemory(wasi, random);
                var arguments = function.Type.Parameters.Select(_ => Arbitrary(random, (uint)wasi.Memory.Size)).ToArray();
                var errno = function.Invoke(wasi.Context, wasi.Memory, arguments);
                Assert.InRange(errno, 0, 76);
                Assert.Empty(failures);
            }

            Assert.Equal(["secret.txt"], Directory.GetFileSystemEntries(wasi.Outside).Select(Path.GetFileName));
            Assert.Equal("secret", File.ReadAllText(Path.Combine(wasi.Outside, "secret.txt")));
        }
    }

    /// <summary>Paths a guest might name, written where arbitrary pointers are likely to land.</summary>
    private static void SeedMemory(WasiHarness wasi, Random random)
    {
        string[] paths = ["file", "dir", "dir/nested", "out/secret.txt", "../outside/secret.txt", "new", "out", "."];
        var text = System.Text.Encoding.UTF8.GetBytes(paths[random.Next(paths.Length)]);
        text.CopyTo(wasi.Memory.Bytes, 0);
        random.NextBytes(wasi.Memory.Bytes.AsSpan(64, 256));
    }

    private static ulong Arbitrary(Random random, uint memorySize) => random.Next(6) switch
    {
        0 => (ulong)random.Next(8),                               // small: descriptors, flags, short lengths
        1 => (ulong)random.Next(512),                             // inside the seeded area
        2 => memorySize - (ulong)random.Next(64),                 // at the end of memory
        3 => (ulong)random.NextInt64(),                           // anything at all
        4 => uint.MaxValue - (ulong)random.Next(16),              // wrapping pointers and lengths
        _ => (ulong)random.Next(4),                               // the first path, or a short one
    };
}
