using Wasmbox.Engine.Binary;
using static Wasmbox.Engine.Tests.Validation.TestModule;

namespace Wasmbox.Engine.Tests.Validation;

/// <summary>What validation hands the compiler: locals, stack bounds and the block structure.</summary>
public class ValidatedFunctionTests
{
    [Fact]
    public void LocalsAreParametersThenExpandedRuns()
    {
        var validated = Validate.Valid(Validate.Function([I32, F64], [], [], [0x02, I64], [0x01, V128]));
        var function = validated.Functions[0];
        Assert.Equal([ValType.I32, ValType.F64, ValType.I64, ValType.I64, ValType.V128], function.LocalTypes);
        Assert.Equal(0u, function.FunctionIndex);
    }

    [Fact]
    public void FunctionIndexCountsImports()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.ImportFunction(type).Function(type, []);
        Assert.Equal(1u, Validate.Valid(module).Functions[0].FunctionIndex);
    }

    [Fact]
    public void StackHeightAndControlDepthAreMaxima()
    {
        // i32.const x3, i32.add x2, drop; block (block (block end end end)
        byte[] code = [0x41, 1, 0x41, 2, 0x41, 3, 0x6A, 0x6A, 0x1A, 0x02, 0x40, 0x02, 0x40, 0x02, 0x40, 0x0B, 0x0B, 0x0B];
        var function = Validate.Valid(Validate.Function([], [], code)).Functions[0];
        Assert.Equal(3, function.MaxStackHeight);
        Assert.Equal(4, function.MaxControlDepth);
    }

    [Fact]
    public void ControlsRecordElseEndAndBranchTargets()
    {
        // 0: block            2: loop            4: i32.const 0   6: if
        // 8: br 2 (the block) 10: else           11: end (if)      12: end (loop)   13: end (block)
        byte[] code = [0x02, 0x40, 0x03, 0x40, 0x41, 0x00, 0x04, 0x40, 0x0C, 0x02, 0x05, 0x0B, 0x0B, 0x0B];
        var module = Validate.Function([], [], code);
        var bytes = module.Build();
        var validated = Validate.Module(bytes);
        var controls = validated.Functions[0].Controls;
        int start = validated.Module.Codes[0].CodeStart;

        Assert.Equal(3, controls.Length);
        Assert.Equal(new ControlInfoAt(0, -1, 13, true), At(controls[0], start));
        Assert.Equal(new ControlInfoAt(2, -1, 12, false), At(controls[1], start));
        Assert.Equal(new ControlInfoAt(6, 10, 11, false), At(controls[2], start));
        Assert.Equal(Opcode.Block, bytes[controls[0].Start]);
        Assert.Equal(Opcode.Else, bytes[controls[2].ElsePosition]);
        Assert.Equal(Opcode.End, bytes[controls[1].EndPosition]);
    }

    [Fact]
    public void BrTableMarksEveryLabelItNames()
    {
        // block block block i32.const 0 br_table [0 2] 2 end end end
        byte[] code = [0x02, 0x40, 0x02, 0x40, 0x02, 0x40, 0x41, 0x00, 0x0E, 0x02, 0x00, 0x02, 0x02, 0x0B, 0x0B, 0x0B];
        var controls = Validate.Valid(Validate.Function([], [], code)).Functions[0].Controls;
        Assert.Equal([true, false, true], controls.Select(c => c.IsBranchTarget));
    }

    [Fact]
    public void FunctionWithoutBlocksHasNoControls() =>
        Assert.Empty(Validate.Valid(Validate.Function([], [], [0x01])).Functions[0].Controls);

    private readonly record struct ControlInfoAt(int Start, int Else, int End, bool Target);

    private static ControlInfoAt At(Wasmbox.Engine.Validation.ControlInfo c, int start) =>
        new(c.Start - start, c.ElsePosition < 0 ? -1 : c.ElsePosition - start, c.EndPosition - start, c.IsBranchTarget);
}
