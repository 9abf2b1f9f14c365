using static Wasmbox.Engine.Tests.Validation.TestModule;

namespace Wasmbox.Engine.Tests.Validation;

public class ModuleRuleTests
{
    [Fact]
    public void ExportNamesAreUnique()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.Function(type, []).ExportFunction("a", 0).ExportFunction("a", 0);
        Validate.Invalid(module, "duplicate export name");
    }

    [Fact]
    public void ExportsNameExistingItems() =>
        Validate.Invalid(new TestModule().ExportFunction("f", 3), "unknown function 3");

    [Fact]
    public void StartFunctionTakesAndReturnsNothing()
    {
        var module = new TestModule();
        uint type = module.Type([], [I32]);
        module.Function(type, [0x41, 0x00]).Start(0);
        Validate.Invalid(module, "start function");

        Validate.Invalid(new TestModule().Start(0), "unknown function 0");
    }

    [Fact]
    public void AtMostOneMemory() =>
        Validate.Invalid(new TestModule().Memory(1).Memory(1), "multiple memories");

    [Fact]
    public void MemoryLimits()
    {
        Validate.Valid(new TestModule().Memory(0, 65536));
        Validate.Invalid(new TestModule().Memory(65537), "memory size must be at most 65536 pages (4GiB)");
        Validate.Invalid(new TestModule().Memory(0, 65537), "memory size must be at most 65536 pages (4GiB)");
        Validate.Invalid(new TestModule().Memory(2, 1), "size minimum must not be greater than maximum");
    }

    [Fact]
    public void FunctionTypeIndexMustExist()
    {
        var module = new TestModule();
        module.Function(4, []);
        Validate.Invalid(module, "unknown type 4");
        Validate.Invalid(new TestModule().ImportFunction(2), "unknown type 2");
    }

    [Fact]
    public void ElementSegmentMustMatchItsTable()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.Function(type, []).Table(ExternRef, 1).ActiveElements(0);
        Validate.Invalid(module, "type mismatch");
    }

    [Fact]
    public void ElementSegmentFunctionsMustExist()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.Function(type, []).Table(FuncRef, 1).ActiveElements(0, 5);
        Validate.Invalid(module, "unknown function 5");
    }

    [Fact]
    public void ActiveElementSegmentNeedsATable()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.Function(type, []).ActiveElements(0);
        Validate.Invalid(module, "unknown table 0");
    }

    [Fact]
    public void RefFuncInABodyNeedsADeclaration()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.Function(type, [0xD2, 0x00, 0x1A]);
        Validate.Invalid(module, "undeclared function reference");

        var declared = new TestModule();
        type = declared.Type([], []);
        declared.Function(type, [0xD2, 0x00, 0x1A]).DeclaredElements(0);
        Validate.Valid(declared);

        var exported = new TestModule();
        type = exported.Type([], []);
        exported.Function(type, [0xD2, 0x00, 0x1A]).ExportFunction("f", 0);
        Validate.Valid(exported);
    }

    [Fact]
    public void ElementExpressionsAreTypedByTheSegment()
    {
        // Passive segment (flags 5) of externref items holding ref.null func.
        Validate.Invalid(new TestModule().RawElements(0x05, ExternRef, 0x01, 0xD0, FuncRef, 0x0B), "type mismatch");
        Validate.Valid(new TestModule().RawElements(0x05, ExternRef, 0x01, 0xD0, ExternRef, 0x0B));
    }
}
