using static Wasmbox.Engine.Tests.Validation.TestModule;

namespace Wasmbox.Engine.Tests.Validation;

/// <summary>After unreachable, br, return and br_table the rest of a block checks against an unknown stack.</summary>
public class StackPolymorphismTests
{
    [Fact]
    public void OperandsMissingAfterUnreachableAreUnknown() =>
        Validate.Valid(Validate.Function([], [I32], [0x00, 0x6A])); // unreachable i32.add

    [Fact]
    public void KnownOperandsStillCheckAfterUnreachable() =>
        Validate.Invalid(Validate.Function([], [I64], [0x00, 0x41, 0x00, 0x7C]), "type mismatch"); // i32.const, i64.add

    [Fact]
    public void ValuesLeftAboveTheResultsAreAnErrorEvenWhenUnreachable() =>
        Validate.Invalid(Validate.Function([], [], [0x00, 0x41, 0x00]), "type mismatch");

    [Fact]
    public void SelectOfUnknownsPushesAnUnknownThatMustBeConsumed()
    {
        Validate.Valid(Validate.Function([], [], [0x00, 0x1B, 0x1A])); // unreachable select drop
        Validate.Invalid(Validate.Function([], [], [0x00, 0x1B]), "type mismatch");
    }

    [Fact]
    public void SelectTakesTheKnownTypeOfItsOperands()
    {
        // unreachable; i64.const 0; select -> i64, so returning it as i32 fails.
        Validate.Valid(Validate.Function([], [I64], [0x00, 0x42, 0x00, 0x41, 0x01, 0x1B]));
        Validate.Invalid(Validate.Function([], [I32], [0x00, 0x42, 0x00, 0x41, 0x01, 0x1B]), "type mismatch");
    }

    [Fact]
    public void UntypedSelectRejectsReferences() =>
        Validate.Invalid(Validate.Function([], [], [0xD0, FuncRef, 0xD0, FuncRef, 0x41, 0x01, 0x1B, 0x1A]), "type mismatch");

    [Fact]
    public void TypedSelectAcceptsReferencesButOnlyOneType()
    {
        Validate.Valid(Validate.Function([], [], [0xD0, FuncRef, 0xD0, FuncRef, 0x41, 0x01, 0x1C, 0x01, FuncRef, 0x1A]));
        Validate.Invalid(Validate.Function([], [], [0x41, 0, 0x41, 0, 0x41, 1, 0x1C, 0x02, I32, I32, 0x1A]), "invalid result arity");
        Validate.Invalid(Validate.Function([], [], [0x41, 0, 0x41, 0, 0x41, 1, 0x1C, 0x00, 0x1A]), "invalid result arity");
    }

    [Fact]
    public void PolymorphismEndsWithTheBlock() =>
        // (block unreachable) i32.add: the outer stack is reachable and empty.
        Validate.Invalid(Validate.Function([], [I32], [0x02, 0x40, 0x00, 0x0B, 0x6A]), "type mismatch");

    [Fact]
    public void BlockCannotReachOperandsBelowIt() =>
        // i32.const 0 (block drop) drop: values below the block are out of its reach.
        Validate.Invalid(Validate.Function([], [], [0x41, 0x00, 0x02, 0x40, 0x1A, 0x0B, 0x1A]), "type mismatch");

    [Fact]
    public void ElseBranchStartsReachableAgain() =>
        // if (result i32) unreachable else end: the else branch has no value.
        Validate.Invalid(Validate.Function([], [I32], [0x41, 0x01, 0x04, I32, 0x00, 0x05, 0x0B]), "type mismatch");
}
