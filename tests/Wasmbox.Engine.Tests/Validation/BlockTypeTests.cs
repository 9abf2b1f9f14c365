using static Wasmbox.Engine.Tests.Validation.TestModule;

namespace Wasmbox.Engine.Tests.Validation;

/// <summary>Block types: empty, one value, or a type index with any number of parameters and results.</summary>
public class BlockTypeTests
{
    [Fact]
    public void MultiValueBlockTakesParametersAndGivesResults()
    {
        var module = new TestModule();
        uint pair = module.Type([I32, I32], [I32, I64]);
        uint function = module.Type([], [I32, I64]);
        // i32.const 1 i32.const 2 block (type pair) i32.add i64.const 3 end
        module.Function(function, [0x41, 0x01, 0x41, 0x02, 0x02, (byte)pair, 0x6A, 0x42, 0x03, 0x0B]);
        var validated = Validate.Valid(module);
        Assert.Equal(2, validated.Functions[0].MaxStackHeight);
    }

    [Fact]
    public void BlockParametersMustBeOnTheStack()
    {
        var module = new TestModule();
        uint pair = module.Type([I32, I32], []);
        uint function = module.Type([], []);
        module.Function(function, [0x41, 0x01, 0x02, (byte)pair, 0x1A, 0x1A, 0x0B]);
        Validate.Invalid(module, "type mismatch");
    }

    [Fact]
    public void BlockResultsMustBeExactlyOnTheStack()
    {
        Validate.Invalid(Validate.Function([], [], [0x02, I32, 0x0B, 0x1A]), "type mismatch");
        Validate.Invalid(Validate.Function([], [], [0x02, I32, 0x41, 0x00, 0x41, 0x00, 0x0B, 0x1A]), "type mismatch");
        Validate.Invalid(Validate.Function([], [], [0x02, I32, 0x42, 0x00, 0x0B, 0x1A]), "type mismatch");
    }

    [Fact]
    public void IfWithoutElseMustMapParametersToThemselves()
    {
        var module = new TestModule();
        uint same = module.Type([I32], [I32]);
        uint function = module.Type([], [I32]);
        // i32.const 5 i32.const 1 if (type [i32] -> [i32]) end
        module.Function(function, [0x41, 0x05, 0x41, 0x01, 0x04, (byte)same, 0x0B]);
        Validate.Valid(module);

        Validate.Invalid(Validate.Function([], [I32], [0x41, 0x01, 0x04, I32, 0x41, 0x02, 0x0B]), "type mismatch");
    }

    [Fact]
    public void ElseBranchStartsFromTheParametersAgain()
    {
        var module = new TestModule();
        uint type = module.Type([I32], [I32]);
        uint function = module.Type([], [I32]);
        // i32.const 5 i32.const 1 if (type) i32.const 1 i32.add else i32.const 2 i32.sub end
        module.Function(function, [0x41, 0x05, 0x41, 0x01, 0x04, (byte)type, 0x41, 0x01, 0x6A, 0x05, 0x41, 0x02, 0x6B, 0x0B]);
        Validate.Valid(module);
    }

    [Fact]
    public void ConditionOfIfIsAnI32BelowTheParameters() =>
        Validate.Invalid(Validate.Function([], [], [0x42, 0x01, 0x04, 0x40, 0x0B]), "type mismatch");

    [Fact]
    public void UnknownBlockTypeIndex() =>
        Validate.Invalid(Validate.Function([], [], [0x02, 0x09, 0x0B]), "unknown type 9");

    [Fact]
    public void MalformedValueTypeInBlockType() =>
        Validate.Malformed(Validate.Function([], [], [0x02, 0x7A, 0x0B]), "malformed value type");
}
