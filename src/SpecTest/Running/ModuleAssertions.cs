using Wasmbox.SpecTest.Execution;
using Wasmbox.SpecTest.Model;

namespace Wasmbox.SpecTest.Running;

/// <summary>
/// Judges the assertions about a module being rejected. Messages follow the reference interpreter's
/// rule: the engine's reason must start with the assertion's text.
/// </summary>
internal static class ModuleAssertions
{
    public static Verdict Check(AssertModuleCommand assertion, string modulePath, IScriptSession? session)
    {
        if (assertion.File.IsText) return Verdict.Skip; // a binary-only engine cannot judge text modules

        var load = ModuleLoader.Load(modulePath);
        return assertion.Kind switch
        {
            CommandKind.AssertMalformed => ExpectRejection(load, LoadStatus.Malformed, "malformed", assertion.Text),
            CommandKind.AssertInvalid => ExpectRejection(load, LoadStatus.Invalid, "invalid", assertion.Text),
            _ => CheckInstantiation(assertion, load, session),
        };
    }

    private static Verdict ExpectRejection(LoadResult load, LoadStatus expected, string expectedName, string text)
    {
        if (load.Status == expected && load.Reason.StartsWith(text, StringComparison.Ordinal)) return Verdict.Pass;
        return Verdict.Fail($"expected {expectedName} \"{text}\", but {load.Describe()}");
    }

    /// <summary>
    /// assert_unlinkable / assert_uninstantiable: the module must be valid (checked even without a
    /// backend, since that much needs no execution), then fail to link or to instantiate.
    /// </summary>
    private static Verdict CheckInstantiation(AssertModuleCommand assertion, LoadResult load, IScriptSession? session)
    {
        var (expectedKind, expectedName) = assertion.Kind == CommandKind.AssertUnlinkable
            ? (InstantiationOutcomeKind.Unlinkable, "unlinkable")
            : (InstantiationOutcomeKind.Trapped, "a trap while instantiating");

        if (load.Status != LoadStatus.Valid)
            return Verdict.Fail($"expected a valid module that is {expectedName} \"{assertion.Text}\", but {load.Describe()}");
        if (session is null) return Verdict.Skip;

        var outcome = session.Instantiate(load.Module!);
        if (outcome.Kind == InstantiationOutcomeKind.Unsupported) return Verdict.Skip;
        return outcome.Kind == expectedKind && outcome.Message.StartsWith(assertion.Text, StringComparison.Ordinal)
            ? Verdict.Pass
            : Verdict.Fail($"expected {expectedName} \"{assertion.Text}\", but {outcome}");
    }
}
