using Wasmbox.SpecTest.Execution;
using Wasmbox.SpecTest.Model;

namespace Wasmbox.SpecTest.Running;

/// <summary>Performs actions on an instance and judges their outcomes.</summary>
internal static class ActionAssertions
{
    public static Verdict CheckReturn(AssertReturnCommand assertion, IModuleInstance instance)
    {
        var outcome = Perform(assertion.Action, instance);
        var expected = assertion.Expected;
        if (outcome.Kind == ActionOutcomeKind.Returned && outcome.Values.Count == expected.Count
            && expected.Select((e, i) => e.Matches(outcome.Values[i])).All(match => match))
            return Verdict.Pass;

        var actual = outcome.Kind == ActionOutcomeKind.Returned
            ? $"got ({string.Join(", ", outcome.Values.Select((v, i) => FormatActual(v, i < expected.Count ? expected[i] : null)))})"
            : outcome.ToString();
        return Verdict.Fail($"{assertion.Action}: expected ({string.Join(", ", expected)}), {actual}");
    }

    public static Verdict CheckFailure(AssertFailureCommand assertion, IModuleInstance instance)
    {
        var expectedKind = assertion.Kind == CommandKind.AssertExhaustion ? ActionOutcomeKind.Exhausted : ActionOutcomeKind.Trapped;
        var outcome = Perform(assertion.Action, instance);
        return outcome.Kind == expectedKind && outcome.Message.StartsWith(assertion.Text, StringComparison.Ordinal)
            ? Verdict.Pass
            : Verdict.Fail($"{assertion.Action}: expected {(expectedKind == ActionOutcomeKind.Exhausted ? "exhaustion" : "trap")} \"{assertion.Text}\", but {outcome}");
    }

    public static Verdict CheckAction(ActionCommand command, IModuleInstance instance)
    {
        var outcome = Perform(command.Action, instance);
        return outcome.Kind == ActionOutcomeKind.Returned ? Verdict.Pass : Verdict.Fail($"{command.Action}: {outcome}");
    }

    private static ActionOutcome Perform(SpecAction action, IModuleInstance instance) => action switch
    {
        InvokeAction invoke => instance.Invoke(invoke.Field, invoke.Arguments),
        GetAction get => instance.Get(get.Field),
        _ => throw new ArgumentException($"unknown action {action.GetType().Name}", nameof(action)),
    };

    /// <summary>A v128 result is shown in the lane shape the assertion used, so the two read side by side.</summary>
    private static string FormatActual(SpecValue actual, ExpectedValue? expected) =>
        expected is V128Value v128 && actual.Type == Engine.Binary.ValType.V128 ? v128.FormatActual(actual) : actual.ToString();
}
