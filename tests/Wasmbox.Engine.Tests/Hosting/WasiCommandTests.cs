using System.Text;
using Wasmbox.Engine.Hosting;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Wasi;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Hosting;

/// <summary>
/// WASI commands run to completion or stop with a trap; nothing a guest does (endless recursion,
/// huge grows, division by zero) takes the process down.
/// </summary>
public class WasiCommandTests
{
    // Types: 0 = [] -> [], 1 = [i32 i32 i32 i32] -> [i32] (fd_write), 2 = [i32] -> [] (proc_exit).
    private static readonly byte[] Types = Section(1, Vec(
        [0x60, 0x00, 0x00],
        [0x60, 0x04, 0x7F, 0x7F, 0x7F, 0x7F, 0x01, 0x7F],
        [0x60, 0x01, 0x7F, 0x00]));

    private static readonly byte[] WasiImports = Section(2, Vec(
        [.. Name("wasi_snapshot_preview1"), .. Name("fd_write"), 0x00, 0x01],
        [.. Name("wasi_snapshot_preview1"), .. Name("proc_exit"), 0x00, 0x02]));

    /// <summary>A command whose _start (function 2) runs <paramref name="start"/>, with one memory page, a funcref table of 1 and "hi\n" at address 16.</summary>
    private static CompiledModule Command(byte[] start, params byte[][] moreBodies) => CompiledModule.Compile(Module(
        Types,
        WasiImports,
        Section(3, Vec([[0x00], .. moreBodies.Select(_ => new byte[] { 0x00 })])),
        Section(4, Vec([0x70, 0x00, 0x01])),
        Section(5, Vec([0x01, 0x01, 0x02])),
        Section(7, Vec([.. Name("memory"), 0x02, 0x00], [.. Name("_start"), 0x00, 0x02])),
        Section(10, Vec([Body(start, []), .. moreBodies.Select(b => Body(b, []))])),
        Section(11, Vec([0x00, 0x41, 0x10, 0x0B, .. Vec([(byte)'h'], [(byte)'i'], [(byte)'\n'])]))));

    private static (WasiCommandResult Result, string Stdout) Run(CompiledModule module)
    {
        using var stdout = new MemoryStream();
        var result = WasiCommand.Run(module, new WasiConfiguration { Arguments = ["test"], Stdout = stdout });
        return (result, Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public void WritesToStdoutAndExitsWithItsStatus()
    {
        // iovec at 0: {buf = 16, len = 3}; fd_write(1, 0, 1, 8); proc_exit(3)
        byte[] start =
        [
            0x41, 0x00, 0x41, 0x10, 0x36, 0x02, 0x00,
            0x41, 0x04, 0x41, 0x03, 0x36, 0x02, 0x00,
            0x41, 0x01, 0x41, 0x00, 0x41, 0x01, 0x41, 0x08, 0x10, 0x00, 0x1A,
            0x41, 0x03, 0x10, 0x01, 0x0B,
        ];
        var (result, stdout) = Run(Command(start));
        Assert.Null(result.Trap);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hi\n", stdout);
    }

    [Fact]
    public void ReturningFromStartIsExitStatusZero()
    {
        var (result, _) = Run(Command([0x0B]));
        Assert.Equal(new WasiCommandResult(0, null), result);
    }

    [Fact]
    public void EndlessRecursionIsATrapNotACrash()
    {
        // _start calls function 3, which calls itself forever.
        var (result, _) = Run(Command([0x10, 0x03, 0x0B], [0x10, 0x03, 0x0B]));
        Assert.Equal(TrapKind.CallStackExhausted, result.Trap?.Kind);
        Assert.Equal(134, result.ExitCode);
    }

    [Fact]
    public void DivisionByZeroIsATrapWithAStack()
    {
        var (result, _) = Run(Command([0x41, 0x01, 0x41, 0x00, 0x6D, 0x1A, 0x0B]));
        Assert.Equal(TrapKind.IntegerDivideByZero, result.Trap?.Kind);
        Assert.NotEmpty(result.Trap!.WasmStack);
    }

    [Fact]
    public void HugeGrowsAreRefusedNotFatal()
    {
        // table.grow(ref.null, 1_000_000_000) and memory.grow(70000) both return -1: exit with (sum == -2) ? 0 : 1.
        byte[] start =
        [
            0xD0, 0x70, 0x41, 0x80, 0x94, 0xEB, 0xDC, 0x03, 0xFC, 0x0F, 0x00,
            0x41, 0xF0, 0xA2, 0x04, 0x40, 0x00,
            0x6A, 0x41, 0x7E, 0x47, 0x10, 0x01, 0x0B,
        ];
        var (result, _) = Run(Command(start));
        Assert.Null(result.Trap);
        Assert.Equal(0, result.ExitCode);
    }
}
