using Wasmbox.SpecTest.Model;

namespace Wasmbox.SpecTest.Execution;

public enum ActionOutcomeKind
{
    Returned,
    Trapped,
    /// <summary>The call stack (or another resource the spec lets run out) was exhausted.</summary>
    Exhausted,
}

/// <summary>How an action ended: with results, or with a trap or exhaustion and its message.</summary>
public sealed class ActionOutcome
{
    private ActionOutcome(ActionOutcomeKind kind, IReadOnlyList<SpecValue> values, string message)
    {
        Kind = kind;
        Values = values;
        Message = message;
    }

    public ActionOutcomeKind Kind { get; }

    /// <summary>The results, when <see cref="Kind"/> is <see cref="ActionOutcomeKind.Returned"/>.</summary>
    public IReadOnlyList<SpecValue> Values { get; }

    /// <summary>The trap or exhaustion message, in the spec's words (assertions match its prefix).</summary>
    public string Message { get; }

    public static ActionOutcome Returned(IReadOnlyList<SpecValue> values) => new(ActionOutcomeKind.Returned, values, "");
    public static ActionOutcome Trapped(string message) => new(ActionOutcomeKind.Trapped, [], message);
    public static ActionOutcome Exhausted(string message) => new(ActionOutcomeKind.Exhausted, [], message);

    public override string ToString() => Kind switch
    {
        ActionOutcomeKind.Returned => $"returned ({string.Join(", ", Values)})",
        ActionOutcomeKind.Trapped => $"trapped: {Message}",
        _ => $"exhausted: {Message}",
    };
}

public enum InstantiationOutcomeKind
{
    Instantiated,
    /// <summary>An import could not be resolved or had the wrong type (the spec's "unlinkable").</summary>
    Unlinkable,
    /// <summary>Initialization or the start function trapped (the spec's "uninstantiable").</summary>
    Trapped,

    /// <summary>
    /// The engine cannot run this module yet (a feature still being built); the module's commands are
    /// skipped, not failed.
    /// </summary>
    Unsupported,
}

/// <summary>How instantiating a module ended: with an instance, or with a link error or trap and its message.</summary>
public sealed class InstantiationOutcome
{
    private InstantiationOutcome(InstantiationOutcomeKind kind, IModuleInstance? instance, string message)
    {
        Kind = kind;
        Instance = instance;
        Message = message;
    }

    public InstantiationOutcomeKind Kind { get; }

    /// <summary>The instance, when <see cref="Kind"/> is <see cref="InstantiationOutcomeKind.Instantiated"/>.</summary>
    public IModuleInstance? Instance { get; }

    public string Message { get; }

    public static InstantiationOutcome Instantiated(IModuleInstance instance) => new(InstantiationOutcomeKind.Instantiated, instance, "");
    public static InstantiationOutcome Unlinkable(string message) => new(InstantiationOutcomeKind.Unlinkable, null, message);
    public static InstantiationOutcome Trapped(string message) => new(InstantiationOutcomeKind.Trapped, null, message);
    public static InstantiationOutcome Unsupported(string message) => new(InstantiationOutcomeKind.Unsupported, null, message);

    public override string ToString() => Kind switch
    {
        InstantiationOutcomeKind.Instantiated => "instantiated",
        InstantiationOutcomeKind.Unlinkable => $"unlinkable: {Message}",
        InstantiationOutcomeKind.Unsupported => $"not supported yet: {Message}",
        _ => $"trapped while instantiating: {Message}",
    };
}
