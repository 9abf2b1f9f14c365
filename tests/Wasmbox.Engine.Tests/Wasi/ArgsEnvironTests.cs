using System.Text;
using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

public sealed class ArgsEnvironTests
{
    [Fact]
    public void ArgumentsArriveAsNulTerminatedStrings()
    {
        string[] argv = ["prog.wasm", "first", "the \"second\" arg", "3", "ünï"];
        using var wasi = new WasiHarness(h => new WasiConfiguration { Arguments = argv });
        Assert.Equal(argv, ReadStrings(wasi, "args_sizes_get", "args_get"));
    }

    [Fact]
    public void EnvironmentArrivesAsKeyEqualsValue()
    {
        using var wasi = new WasiHarness(h => new WasiConfiguration
        {
            Environment = [new("a", "text"), new("b", "escap \" ing"), new("c", "new\nline"), new("EMPTY", "")],
        });
        Assert.Equal(["a=text", "b=escap \" ing", "c=new\nline", "EMPTY="], ReadStrings(wasi, "environ_sizes_get", "environ_get"));
    }

    [Fact]
    public void NothingConfiguredMeansNothingAtAll()
    {
        using var wasi = new WasiHarness(h => new WasiConfiguration());
        Assert.Empty(ReadStrings(wasi, "args_sizes_get", "args_get"));
        Assert.Empty(ReadStrings(wasi, "environ_sizes_get", "environ_get"));
    }

    [Fact]
    public void TheHostEnvironmentIsInheritedOnlyWhenAsked()
    {
        Environment.SetEnvironmentVariable("WASMBOX_WASI_TEST_SECRET", "hunter2");
        using var sealedOff = new WasiHarness(h => new WasiConfiguration());
        Assert.DoesNotContain(ReadStrings(sealedOff, "environ_sizes_get", "environ_get"), s => s.StartsWith("WASMBOX_WASI_TEST_SECRET="));

        using var inheriting = new WasiHarness(h => new WasiConfiguration
        {
            InheritEnvironment = true,
            Environment = [new("WASMBOX_WASI_TEST_SECRET", "overridden")],
        });
        var environment = ReadStrings(inheriting, "environ_sizes_get", "environ_get");
        Assert.Single(environment, s => s.StartsWith("WASMBOX_WASI_TEST_SECRET="));
        Assert.Contains("WASMBOX_WASI_TEST_SECRET=overridden", environment);
        Assert.Contains(environment, s => s.StartsWith("PATH="));
    }

    [Fact]
    public void BadPointersFaultAndWriteNothing()
    {
        using var wasi = new WasiHarness(h => new WasiConfiguration { Arguments = ["a", "b"] });
        var end = (uint)wasi.Memory.Size;
        Assert.Equal(Errno.Fault, wasi.Call("args_sizes_get", end - 2, wasi.Alloc(4)));
        Assert.Equal(Errno.Fault, wasi.Call("args_sizes_get", wasi.Alloc(4), end));
        var pointers = wasi.Alloc(8);
        Assert.Equal(Errno.Fault, wasi.Call("args_get", pointers, end - 3)); // 4 bytes of strings do not fit
        Assert.Equal(0u, wasi.U32(pointers));
        Assert.Equal(Errno.Fault, wasi.Call("args_get", end - 4, wasi.Alloc(4)));
        Assert.Equal(Errno.Success, wasi.Call("args_get", end - 8, end - 4)); // exactly fits
    }

    [Fact]
    public void StringsAGuestCannotReceiveAreRefusedUpFront()
    {
        Assert.Throws<ArgumentException>(() => new WasiContext(new WasiConfiguration { Arguments = ["a\0b"] }));
        Assert.Throws<ArgumentException>(() => new WasiContext(new WasiConfiguration { Environment = [new("A=B", "c")] }));
        Assert.Throws<ArgumentException>(() => new WasiContext(new WasiConfiguration { Environment = [new("", "c")] }));
        Assert.Throws<ArgumentException>(() => new WasiContext(new WasiConfiguration { Environment = [new("A", "\0")] }));
    }

    private static List<string> ReadStrings(WasiHarness wasi, string sizesFunction, string getFunction)
    {
        var count = wasi.Alloc(4);
        var size = wasi.Alloc(4);
        Assert.Equal(Errno.Success, wasi.Call(sizesFunction, count, size));
        var pointers = wasi.Alloc((int)wasi.U32(count) * 4);
        var buffer = wasi.Alloc((int)wasi.U32(size));
        Assert.Equal(Errno.Success, wasi.Call(getFunction, pointers, buffer));

        var strings = new List<string>();
        for (uint i = 0; i < wasi.U32(count); i++)
        {
            var start = wasi.U32(pointers + i * 4);
            var end = Array.IndexOf(wasi.Memory.Bytes, (byte)0, (int)start);
            strings.Add(Encoding.UTF8.GetString(wasi.Memory.Bytes, (int)start, end - (int)start));
        }

        Assert.Equal(wasi.U32(size), (uint)strings.Sum(s => Encoding.UTF8.GetByteCount(s) + 1));
        return strings;
    }
}
