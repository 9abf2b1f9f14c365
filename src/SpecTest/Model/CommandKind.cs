namespace Wasmbox.SpecTest.Model;

/// <summary>
/// The kinds of command in a wast2json script, in the order reports list them. <see cref="Script"/> is
/// not a wast command: it stands for the script file itself, so that a file that cannot be read or a
/// command that cannot be understood is counted as a failure instead of silently vanishing.
/// </summary>
public enum CommandKind
{
    Module,
    AssertReturn,
    AssertTrap,
    AssertInvalid,
    AssertMalformed,
    AssertExhaustion,
    AssertUnlinkable,
    AssertUninstantiable,
    Register,
    Action,
    Script,
}

public static class CommandKinds
{
    /// <summary>Every kind, in report order.</summary>
    public static IReadOnlyList<CommandKind> All { get; } = Enum.GetValues<CommandKind>();

    /// <summary>The name wast2json uses in a command's <c>type</c> field (and reports use).</summary>
    public static string ToName(this CommandKind kind) => kind switch
    {
        CommandKind.Module => "module",
        CommandKind.AssertReturn => "assert_return",
        CommandKind.AssertTrap => "assert_trap",
        CommandKind.AssertInvalid => "assert_invalid",
        CommandKind.AssertMalformed => "assert_malformed",
        CommandKind.AssertExhaustion => "assert_exhaustion",
        CommandKind.AssertUnlinkable => "assert_unlinkable",
        CommandKind.AssertUninstantiable => "assert_uninstantiable",
        CommandKind.Register => "register",
        CommandKind.Action => "action",
        CommandKind.Script => "script",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Maps a wast2json <c>type</c> to a kind; <see cref="CommandKind.Script"/> is not a command type.</summary>
    public static bool TryParse(string name, out CommandKind kind)
    {
        foreach (var candidate in All)
        {
            if (candidate != CommandKind.Script && candidate.ToName() == name)
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
