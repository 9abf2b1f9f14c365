using static Wasmbox.Engine.Tests.Validation.TestModule;

namespace Wasmbox.Engine.Tests.Validation;

/// <summary>Initializers: constant instructions only, yielding exactly one value of the expected type.</summary>
public class ConstantExpressionTests
{
    [Fact]
    public void ConstantsOfEachTypeAreAccepted()
    {
        var module = new TestModule()
            .Global(I32, false, 0x41, 0x7F)
            .Global(I64, false, 0x42, 0x01)
            .Global(F32, false, 0x43, 0, 0, 0, 0)
            .Global(F64, false, 0x44, 0, 0, 0, 0, 0, 0, 0, 0)
            .Global(V128, false, [0xFD, 0x0C, .. new byte[16]])
            .Global(FuncRef, true, 0xD0, FuncRef)
            .Global(ExternRef, false, 0xD0, ExternRef);
        Validate.Valid(module);
    }

    [Fact]
    public void ImportedImmutableGlobalMayInitialize() =>
        Validate.Valid(new TestModule().ImportGlobal(I32, false).Global(I32, false, 0x23, 0x00));

    [Fact]
    public void ImportedMutableGlobalIsNotConstant() =>
        Validate.Invalid(new TestModule().ImportGlobal(I32, true).Global(I32, false, 0x23, 0x00), "constant expression required");

    [Fact]
    public void DefinedGlobalsAreNotVisibleToInitializers() =>
        Validate.Invalid(new TestModule().Global(I32, false, 0x41, 0x00).Global(I32, false, 0x23, 0x00), "unknown global 0");

    [Fact]
    public void ArithmeticIsNotConstant() =>
        Validate.Invalid(new TestModule().Global(I32, false, 0x41, 0x01, 0x41, 0x02, 0x6A), "constant expression required");

    [Fact]
    public void WrongTypeOrCountIsATypeMismatch()
    {
        Validate.Invalid(new TestModule().Global(I32, false, 0x42, 0x00), "type mismatch");
        Validate.Invalid(new TestModule().Global(I32, false), "type mismatch");
        Validate.Invalid(new TestModule().Global(I32, false, 0x41, 0x00, 0x41, 0x00), "type mismatch");
        Validate.Invalid(new TestModule().Global(ExternRef, false, 0xD0, FuncRef), "type mismatch");
    }

    [Fact]
    public void ConstantnessIsCheckedBeforeTypes() =>
        // i64.const 0 then global.get of a mutable import: not constant, though also the wrong type.
        Validate.Invalid(new TestModule().ImportGlobal(I32, true).Global(I32, false, 0x42, 0x00, 0x23, 0x00), "constant expression required");

    [Fact]
    public void RefFuncInAGlobalNeedsAnExistingFunctionAndDeclaresIt()
    {
        Validate.Invalid(new TestModule().Global(FuncRef, false, 0xD2, 0x07), "unknown function 7");

        var module = new TestModule();
        uint type = module.Type([], []);
        module.Function(type, [0xD2, 0x00, 0x1A]).Global(FuncRef, false, 0xD2, 0x00);
        Validate.Valid(module);
    }

    [Fact]
    public void SegmentOffsetsAreI32Constants()
    {
        Validate.Invalid(new TestModule().Memory(1).ActiveData([0x42, 0x00]), "type mismatch");
        Validate.Invalid(new TestModule().Memory(1).ActiveData([]), "type mismatch");
        Validate.Invalid(new TestModule().Memory(1).ActiveData([0x41, 0x00, 0x1A]), "constant expression required");
        Validate.Valid(new TestModule().Memory(1).ActiveData([0x41, 0x00], 1, 2, 3));
    }

    [Fact]
    public void ActiveDataNeedsAMemory() =>
        Validate.Invalid(new TestModule().ActiveData([0x41, 0x00], 1), "unknown memory 0");
}
