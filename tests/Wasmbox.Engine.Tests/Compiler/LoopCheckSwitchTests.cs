using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler;
using Wasmbox.Engine.Validation;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Compiler;

/// <summary>WASMBOX_LOOP_CHECKS=0, the switch that prices the deadline check at loop headers.</summary>
public class LoopCheckSwitchTests
{
    /// <summary>f0: four loops in a row, each with a back edge (<c>loop (br_if 0 (i32.const 0))</c>); f1: returns 7, no loop.</summary>
    private static readonly ValidatedModule LoopAndStraightLine = ModuleValidator.Validate(ModuleDecoder.Decode(Module(
        Section(1, Vec([0x60, 0x00, 0x00], [0x60, 0x00, 0x01, 0x7F])),
        Section(3, Vec([0x00], [0x01])),
        Section(10, Vec(
            Body([.. Enumerable.Repeat<byte[]>([0x03, 0x40, 0x41, 0x00, 0x0D, 0x00, 0x0B], 4).SelectMany(b => b), 0x0B], []),
            Body([0x41, 0x07, 0x0B], []))))));

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("1", true)]
    [InlineData("yes", true)]
    [InlineData("0", false)]
    [InlineData(" 0\n", false)]
    public void OnlyZeroTurnsTheLoopChecksOff(string? value, bool loopChecks) =>
        Assert.Equal(loopChecks, CompilerOptions.FromLoopChecksVariable(value).LoopChecks);

    [Fact]
    public void TheDefaultIsChecksOn() => Assert.True(new CompilerOptions().LoopChecks);

    [Fact]
    public void TurningThemOffRemovesCodeFromLoopsOnly()
    {
        var on = ModuleCompiler.Compile(LoopAndStraightLine, new CompilerOptions { LoopChecks = true });
        var off = ModuleCompiler.Compile(LoopAndStraightLine, new CompilerOptions { LoopChecks = false });

        // The looping function is shorter by more than the 16-byte alignment between functions
        // (four header checks are gone; its prologue check stays) ...
        Assert.True(FunctionLength(off, 0) + 16 <= FunctionLength(on, 0), $"{FunctionLength(off, 0)} bytes without the checks, {FunctionLength(on, 0)} with");
        // ... and a function without loops is byte for byte the same.
        Assert.Equal(FunctionBytes(on, 1).ToArray(), FunctionBytes(off, 1).ToArray());
    }

    private static int FunctionLength(CompiledCode code, int function) => FunctionBytes(code, function).Length;

    private static ReadOnlySpan<byte> FunctionBytes(CompiledCode code, int function)
    {
        int start = code.FunctionOffsets[function];
        int end = function + 1 < code.FunctionOffsets.Length ? code.FunctionOffsets[function + 1] : code.Code.Length;
        return code.Code.AsSpan(start, end - start);
    }
}
