using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Tests.Support;
using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi;
using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Binding;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>The table a binder builds host functions from: complete, typed as the witx lowers, and safe to call.</summary>
public sealed class BindingTableTests
{
    private static readonly string[] Preview1Functions =
    [
        "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
        "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
        "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
        "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
        "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
        "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
        "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get", "sock_accept",
        "sock_recv", "sock_send", "sock_shutdown",
    ];

    [Fact]
    public void HasEveryPreview1FunctionOnceInWitxOrder()
    {
        Assert.Equal(Preview1Functions, WasiPreview1.Functions.Select(f => f.Name));
        Assert.All(WasiPreview1.Functions, f => Assert.Equal("wasi_snapshot_preview1", f.Module));
    }

    [Theory]
    [InlineData("fd_write", "[i32 i32 i32 i32] -> [i32]")]
    [InlineData("fd_seek", "[i32 i64 i32 i32] -> [i32]")]
    [InlineData("fd_pread", "[i32 i32 i32 i64 i32] -> [i32]")]
    [InlineData("fd_readdir", "[i32 i32 i32 i64 i32] -> [i32]")]
    [InlineData("path_open", "[i32 i32 i32 i32 i32 i64 i64 i32 i32] -> [i32]")]
    [InlineData("path_filestat_set_times", "[i32 i32 i32 i32 i64 i64 i32] -> [i32]")]
    [InlineData("clock_time_get", "[i32 i64 i32] -> [i32]")]
    [InlineData("fd_advise", "[i32 i64 i64 i32] -> [i32]")]
    [InlineData("sock_recv", "[i32 i32 i32 i32 i32 i32] -> [i32]")]
    [InlineData("proc_exit", "[i32] -> []")]
    [InlineData("sched_yield", "[] -> [i32]")]
    public void SignaturesAreTheWitxTypesLoweredToWasm(string name, string signature)
    {
        Assert.Equal(signature, WasiPreview1.Find(WasiPreview1.ModuleName, name)!.Type.ToString());
    }

    [Fact]
    public void FindAnswersOnlyForThePreview1Module()
    {
        Assert.NotNull(WasiPreview1.Find("wasi_snapshot_preview1", "fd_write"));
        Assert.Null(WasiPreview1.Find("wasi_unstable", "fd_write"));
        Assert.Null(WasiPreview1.Find("wasi_snapshot_preview1", "fd_frobnicate"));
    }

    /// <summary>Every WASI import of the 72 wasi-testsuite programs binds to a function of exactly its type.</summary>
    [Fact]
    public void EveryImportOfTheWasiTestsuiteBinds()
    {
        var folder = SharedData.Require(Path.Combine(SharedData.SharedDirectory, "wasi-testsuite", "tests"));
        var programs = Directory.GetFiles(folder, "*.wasm", SearchOption.AllDirectories);
        Assert.Equal(72, programs.Length);
        var imported = new HashSet<string>();
        foreach (var program in programs)
        {
            var module = ModuleDecoder.Decode(File.ReadAllBytes(program));
            foreach (var import in module.Imports.Where(i => i.Kind == ExternalKind.Function))
            {
                Assert.Equal(WasiPreview1.ModuleName, import.Module);
                var function = WasiPreview1.Find(import.Module, import.Name);
                Assert.True(function is not null, $"{Path.GetFileName(program)} imports unknown {import.Name}");
                Assert.Equal(module.Types[import.FunctionTypeIndex], function.Type);
                imported.Add(import.Name);
            }
        }

        Assert.True(imported.Count > 30, $"only {imported.Count} distinct imports: is the suite complete?");
    }

    [Fact]
    public void ArgumentsAreRawBitsAndOnlyTheLow32CountForI32()
    {
        using var wasi = new WasiHarness();
        var result = wasi.Alloc(24);
        Assert.Equal(Errno.Success, wasi.Call("fd_fdstat_get", 0xFFFF_FFFF_0000_0001UL /* fd 1 */, result));
        Assert.Equal(Errno.Success, wasi.Call("clock_time_get", 0xDEAD_0000_0000_0001UL /* monotonic */, ulong.MaxValue, result));
        Assert.Equal(Errno.Badf, wasi.Call("fd_fdstat_get", 0x0000_0001_FFFF_FFFFUL /* fd 2^32 - 1 */, result));
    }

    [Fact]
    public void ProcExitThrowsTheExitException()
    {
        using var wasi = new WasiHarness();
        var exit = Assert.Throws<WasiExitException>(() => wasi.Call("proc_exit", 33));
        Assert.Equal(33, exit.ExitCode);
    }

    [Fact]
    public void UnexpectedHostFailuresBecomeAnErrnoNotAnException()
    {
        var reported = new List<(string, Exception)>();
        using var wasi = new WasiHarness(h => new WasiConfiguration { Stdout = new ExplodingStream(), UnexpectedFailure = (name, e) => reported.Add((name, e)) });
        var (errno, _) = wasi.Write(1, "boom");
        Assert.Equal(Errno.Io, errno);
        var (function, exception) = Assert.Single(reported);
        Assert.Equal("fd_write", function);
        Assert.IsType<InvalidOperationException>(exception);
    }

    [Fact]
    public void WrongArgumentCountIsABinderBugAndSaysSo()
    {
        using var wasi = new WasiHarness();
        var fdClose = WasiPreview1.Find(WasiPreview1.ModuleName, "fd_close")!;
        Assert.Throws<ArgumentException>(() => fdClose.Invoke(wasi.Context, wasi.Memory, [1, 2]));
    }

    [Fact]
    public void LinearMemoryAdapterBindsTheEnginesMemory()
    {
        using var linear = Wasmbox.Engine.Runtime.Native.LinearMemory.Create(1, 2);
        IGuestMemory memory = new LinearMemoryGuestMemory(linear);
        Assert.Equal(65536UL, memory.Size);
        Assert.True(memory.TryGetSpan(65532, 4, out var span));
        Assert.Equal(4, span.Length);
        Assert.False(memory.TryGetSpan(65533, 4, out _));
        Assert.False(memory.TryGetSpan(uint.MaxValue, 2, out _));
        linear.Grow(1);
        Assert.True(memory.TryGetSpan(65533, 4, out _));

        using var context = new WasiContext(new WasiConfiguration { Arguments = ["a", "bc"] });
        var argsSizesGet = WasiPreview1.Find(WasiPreview1.ModuleName, "args_sizes_get")!;
        Assert.Equal(0, argsSizesGet.Invoke(context, memory, [100, 104]));
        Assert.Equal(2, BitConverter.ToInt32(linear.GetSpan(100, 4)));
        Assert.Equal(5, BitConverter.ToInt32(linear.GetSpan(104, 4)));
        Assert.Equal((int)Errno.Fault, argsSizesGet.Invoke(context, memory, [131070, 0]));
    }

    private sealed class ExplodingStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => 0;
        public override long Position { get; set; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("a bug in the embedder's stream");
    }
}
