using static Wasmbox.Engine.Tests.Validation.TestModule;

namespace Wasmbox.Engine.Tests.Validation;

public class BranchTests
{
    [Fact]
    public void BranchCarriesTheLabelsResults()
    {
        // block (result i32) i32.const 1 br 0 end
        Validate.Valid(Validate.Function([], [I32], [0x02, I32, 0x41, 0x01, 0x0C, 0x00, 0x0B]));
        Validate.Invalid(Validate.Function([], [I32], [0x02, I32, 0x42, 0x01, 0x0C, 0x00, 0x0B]), "type mismatch");
    }

    [Fact]
    public void BranchToALoopCarriesItsParameters()
    {
        var module = new TestModule();
        uint loopType = module.Type([I32], [I64]);
        uint function = module.Type([], [I64]);
        // i32.const 0 loop (type [i32] -> [i64]) br 0 end: the loop label wants an i32.
        module.Function(function, [0x41, 0x00, 0x03, (byte)loopType, 0x0C, 0x00, 0x0B]);
        Validate.Valid(module);

        var wrong = new TestModule();
        loopType = wrong.Type([I32], [I64]);
        function = wrong.Type([], [I64]);
        // Here the loop body branches with its i64 result value instead.
        wrong.Function(function, [0x41, 0x00, 0x03, (byte)loopType, 0x1A, 0x42, 0x00, 0x0C, 0x00, 0x0B]);
        Validate.Invalid(wrong, "type mismatch");
    }

    [Fact]
    public void BrIfLeavesTheLabelTypesOnTheStack() =>
        // block (result i64) unreachable i32.const 0 br_if 0 end: after br_if the value is an i64, not unknown.
        Validate.Invalid(Validate.Function([], [I32], [0x02, I64, 0x00, 0x41, 0x00, 0x0D, 0x00, 0x0B]), "type mismatch");

    [Fact]
    public void UnknownLabelNamesTheDepth() =>
        Validate.Invalid(Validate.Function([], [], [0x02, 0x40, 0x0C, 0x02, 0x0B]), "unknown label 2");

    [Fact]
    public void BrTableOnAPolymorphicStackOnlyNeedsEqualArities()
    {
        // block (result i32) (block (result i64) unreachable br_table [0] 1 end) drop i32.const 0 end
        byte[] code = [0x02, I32, 0x02, I64, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x1A, 0x41, 0x00, 0x0B];
        Validate.Valid(Validate.Function([], [I32], code));
    }

    [Fact]
    public void BrTableArityMismatchIsAnErrorEvenOnAPolymorphicStack()
    {
        // block (result i32) (block unreachable br_table [0] 1 end) i32.const 0 end
        byte[] code = [0x02, I32, 0x02, 0x40, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x41, 0x00, 0x0B];
        Validate.Invalid(Validate.Function([], [I32], code), "type mismatch");
    }

    [Fact]
    public void BrTableOperandMustSuitEveryLabel()
    {
        // block (result i32) (block (result f32) i32.const 0 i32.const 0 br_table [0] 1 end) drop i32.const 0 end
        byte[] code = [0x02, I32, 0x02, F32, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x1A, 0x41, 0x00, 0x0B];
        Validate.Invalid(Validate.Function([], [I32], code), "type mismatch");
    }

    [Fact]
    public void BrTableDefaultLabelMustExist() =>
        Validate.Invalid(Validate.Function([], [], [0x41, 0x00, 0x0E, 0x00, 0x05]), "unknown label 5");

    [Fact]
    public void BrTableWithACountBeyondTheBodyIsMalformedNotAHugeAllocation()
    {
        var module = Validate.Function([], [], [0x41, 0x00, 0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00]);
        Assert.ThrowsAny<WasmException>(() => Validate.Module(module.Build()));
    }

    [Fact]
    public void ReturnChecksTheFunctionResultsFromAnyDepth()
    {
        Validate.Valid(Validate.Function([], [I32], [0x02, 0x40, 0x41, 0x07, 0x0F, 0x0B, 0x41, 0x00]));
        Validate.Invalid(Validate.Function([], [I32], [0x02, 0x40, 0x42, 0x07, 0x0F, 0x0B, 0x41, 0x00]), "type mismatch");
    }
}
