using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Validation;

namespace Wasmbox.Engine.Tests.Validation;

/// <summary>Decode-then-validate, and assertions on how that ends, in the words of the spec tests.</summary>
internal static class Validate
{
    public static ValidatedModule Module(byte[] bytes) => ModuleValidator.Validate(ModuleDecoder.Decode(bytes));

    public static ValidatedModule Valid(TestModule module) => Module(module.Build());

    public static InvalidModuleException Invalid(TestModule module, string reasonPrefix) => Invalid(module.Build(), reasonPrefix);

    public static InvalidModuleException Invalid(byte[] bytes, string reasonPrefix)
    {
        var e = Assert.Throws<InvalidModuleException>(() => Module(bytes));
        Assert.StartsWith(reasonPrefix, e.Reason);
        return e;
    }

    public static MalformedModuleException Malformed(TestModule module, string reasonPrefix)
    {
        var e = Assert.Throws<MalformedModuleException>(() => Module(module.Build()));
        Assert.StartsWith(reasonPrefix, e.Reason);
        return e;
    }

    /// <summary>A module with one function of the given signature and body (final end added).</summary>
    public static TestModule Function(byte[] parameters, byte[] results, byte[] code, params byte[][] localRuns)
    {
        var module = new TestModule();
        module.Function(module.Type(parameters, results), code, localRuns);
        return module;
    }
}
