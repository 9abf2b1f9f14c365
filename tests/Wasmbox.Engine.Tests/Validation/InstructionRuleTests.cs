using static Wasmbox.Engine.Tests.Validation.TestModule;

namespace Wasmbox.Engine.Tests.Validation;

/// <summary>Per-instruction rules and the exact words (with indices) the spec tests look for.</summary>
public class InstructionRuleTests
{
    [Fact]
    public void IndexedUnknownsNameKindAndIndex()
    {
        Validate.Invalid(Validate.Function([I32], [], [0x20, 0x02, 0x1A], [0x01, I64]), "unknown local 2");
        Validate.Invalid(Validate.Function([], [], [0x23, 0x01, 0x1A]), "unknown global 1");
        Validate.Invalid(Validate.Function([], [], [0x10, 0x07]), "unknown function 7");
        Validate.Invalid(Validate.Function([], [], [0xFC, 0x0D, 0x04]), "unknown elem segment 4");
        Validate.Invalid(Validate.Function([], [], [0x41, 0x00, 0x25, 0x00, 0x1A]), "unknown table 0");
        Validate.Invalid(Validate.Function([], [], [0x3F, 0x00, 0x1A]), "unknown memory 0");
    }

    [Fact]
    public void LocalsIncludeParametersThenDeclaredRuns()
    {
        // (param i32) (local i64 i64): local 2 is an i64.
        Validate.Valid(Validate.Function([I32], [I64], [0x20, 0x02], [0x02, I64]));
        Validate.Invalid(Validate.Function([I32], [I32], [0x20, 0x02], [0x02, I64]), "type mismatch");
    }

    [Fact]
    public void ImmutableGlobalCannotBeSet()
    {
        var module = new TestModule().Global(I32, false, 0x41, 0x00);
        module.Function(module.Type([], []), [0x41, 0x01, 0x24, 0x00]);
        Validate.Invalid(module, "global is immutable");
    }

    [Fact]
    public void AlignmentMayNotExceedTheAccessWidth()
    {
        Validate.Valid(new TestModule().Memory(1).Function(0, [0x41, 0x00, 0x28, 0x02, 0x00, 0x1A]).WithEmptyType());
        Validate.Invalid(new TestModule().Memory(1).Function(0, [0x41, 0x00, 0x28, 0x03, 0x00, 0x1A]).WithEmptyType(), "alignment must not be larger than natural");
        Validate.Invalid(new TestModule().Memory(1).Function(0, [0x41, 0x00, 0x2C, 0x01, 0x00, 0x1A]).WithEmptyType(), "alignment must not be larger than natural");
        // v128.load64_splat allows 2^3.
        Validate.Valid(new TestModule().Memory(1).Function(0, [0x41, 0x00, 0xFD, 0x0A, 0x03, 0x00, 0x1A]).WithEmptyType());
        Validate.Invalid(new TestModule().Memory(1).Function(0, [0x41, 0x00, 0xFD, 0x0A, 0x04, 0x00, 0x1A]).WithEmptyType(), "alignment must not be larger than natural");
    }

    [Fact]
    public void MemoryInstructionsNeedAMemory() =>
        Validate.Invalid(Validate.Function([], [], [0x41, 0x00, 0x28, 0x02, 0x00, 0x1A]), "unknown memory 0");

    [Fact]
    public void LaneIndicesAreBoundedByTheLaneCount()
    {
        byte[] vector = [0xFD, 0x0C, .. new byte[16]];
        Validate.Valid(Validate.Function([], [], [.. vector, 0xFD, 0x15, 15, 0x1A]));
        Validate.Invalid(Validate.Function([], [], [.. vector, 0xFD, 0x15, 16, 0x1A]), "invalid lane index");
        Validate.Invalid(Validate.Function([], [], [.. vector, 0xFD, 0x21, 2, 0x1A]), "invalid lane index");
        Validate.Invalid(Validate.Function([], [], [.. vector, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0xFD, 0x22, 2, 0x1A]), "invalid lane index");
    }

    [Fact]
    public void ShuffleLanesIndexBothVectors()
    {
        byte[] vector = [0xFD, 0x0C, .. new byte[16]];
        byte[] lanes = [.. Enumerable.Range(0, 16).Select(i => (byte)(i * 2))];
        Validate.Valid(Validate.Function([], [], [.. vector, .. vector, 0xFD, 0x0D, .. lanes, 0x1A]));
        lanes[5] = 32;
        Validate.Invalid(Validate.Function([], [], [.. vector, .. vector, 0xFD, 0x0D, .. lanes, 0x1A]), "invalid lane index");
    }

    [Fact]
    public void LaneLoadsCheckMemoryThenAlignmentThenLane()
    {
        byte[] prefix = [0x41, 0x00, 0xFD, 0x0C, .. new byte[16]];
        var ok = new TestModule().Memory(1).Function(0, [.. prefix, 0xFD, 0x55, 0x01, 0x00, 7, 0x1A]).WithEmptyType();
        Validate.Valid(ok);
        var lane = new TestModule().Memory(1).Function(0, [.. prefix, 0xFD, 0x55, 0x01, 0x00, 8, 0x1A]).WithEmptyType();
        Validate.Invalid(lane, "invalid lane index");
        var align = new TestModule().Memory(1).Function(0, [.. prefix, 0xFD, 0x55, 0x02, 0x00, 8, 0x1A]).WithEmptyType();
        Validate.Invalid(align, "alignment must not be larger than natural");
    }

    [Fact]
    public void CallIndirectNeedsAFuncrefTable()
    {
        var module = new TestModule().Table(ExternRef, 1);
        module.Function(module.Type([], []), [0x41, 0x00, 0x11, 0x00, 0x00]);
        Validate.Invalid(module, "type mismatch");

        var good = new TestModule().Table(FuncRef, 1);
        good.Function(good.Type([], []), [0x41, 0x00, 0x11, 0x00, 0x00]);
        Validate.Valid(good);
    }

    [Fact]
    public void TableInitRequiresMatchingElementTypes()
    {
        // Table of externref, passive funcref segment (flags 1, elemkind 0, no items).
        var module = new TestModule().Table(ExternRef, 1).RawElements(0x01, 0x00, 0x00);
        module.Function(module.Type([], []), [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0C, 0x00, 0x00]);
        Validate.Invalid(module, "type mismatch");
    }

    [Fact]
    public void RefIsNullNeedsAReference()
    {
        Validate.Valid(Validate.Function([], [I32], [0xD0, ExternRef, 0xD1]));
        Validate.Invalid(Validate.Function([], [I32], [0x41, 0x00, 0xD1]), "type mismatch");
    }

    [Fact]
    public void UnknownOpcodesAreMalformed()
    {
        Validate.Malformed(Validate.Function([], [], [0xFF]), "illegal opcode");
        Validate.Malformed(Validate.Function([], [], [0xFC, 0x12]), "illegal opcode");
        Validate.Malformed(Validate.Function([], [], [0xFD, 0x9A, 0x01]), "illegal opcode");
        Validate.Malformed(Validate.Function([], [], [0xD0, 0x7F, 0x1A]), "malformed reference type");
    }
}

internal static class TestModuleExtensions
{
    /// <summary>Adds type 0 = [] -> [] for tests that name it before declaring it.</summary>
    public static TestModule WithEmptyType(this TestModule module)
    {
        module.Type([], []);
        return module;
    }
}
