namespace Wasmbox.SpecTest.Model;

/// <summary>One command of a script, at a line of the .wast source it came from.</summary>
public abstract class SpecCommand(CommandKind kind, int line)
{
    public CommandKind Kind { get; } = kind;

    /// <summary>Line in the .wast source (not in the .json file).</summary>
    public int Line { get; } = line;
}

/// <summary>A module file a command refers to, relative to the script's folder.</summary>
public readonly record struct ModuleFile(string FileName, bool IsText);

/// <summary><c>module</c>: define (and, with execution, instantiate) a module that later commands act on.</summary>
public sealed class ModuleCommand(int line, ModuleFile file, string? name) : SpecCommand(CommandKind.Module, line)
{
    public ModuleFile File { get; } = file;

    /// <summary>The <c>$name</c> later commands can use, or <c>null</c>.</summary>
    public string? Name { get; } = name;
}

/// <summary>
/// <c>assert_malformed</c>, <c>assert_invalid</c>, <c>assert_unlinkable</c>, <c>assert_uninstantiable</c>:
/// a module that must be rejected at some stage with a message starting with <see cref="Text"/>.
/// </summary>
public sealed class AssertModuleCommand(CommandKind kind, int line, ModuleFile file, string text)
    : SpecCommand(kind, line)
{
    public ModuleFile File { get; } = file;
    public string Text { get; } = text;
}

/// <summary><c>assert_return</c>: the action must complete with these results.</summary>
public sealed class AssertReturnCommand(int line, SpecAction action, IReadOnlyList<ExpectedValue> expected)
    : SpecCommand(CommandKind.AssertReturn, line)
{
    public SpecAction Action { get; } = action;
    public IReadOnlyList<ExpectedValue> Expected { get; } = expected;
}

/// <summary><c>assert_trap</c> / <c>assert_exhaustion</c>: the action must trap (or exhaust the stack) with this message.</summary>
public sealed class AssertFailureCommand(CommandKind kind, int line, SpecAction action, string text)
    : SpecCommand(kind, line)
{
    public SpecAction Action { get; } = action;
    public string Text { get; } = text;
}

/// <summary><c>action</c>: perform the action; it must not trap. Its results are not checked.</summary>
public sealed class ActionCommand(int line, SpecAction action) : SpecCommand(CommandKind.Action, line)
{
    public SpecAction Action { get; } = action;
}

/// <summary><c>register</c>: make a module's exports importable under the name <see cref="As"/>.</summary>
public sealed class RegisterCommand(int line, string? moduleName, string @as) : SpecCommand(CommandKind.Register, line)
{
    /// <summary>The <c>$name</c> of the module, or <c>null</c> for the most recently defined one.</summary>
    public string? ModuleName { get; } = moduleName;

    public string As { get; } = @as;
}

/// <summary>
/// A command the reader could not understand (unknown type, missing field, bad value). Running it
/// records a failure, so a damaged script never passes by losing commands.
/// </summary>
public sealed class UnreadableCommand(CommandKind kind, int line, string error) : SpecCommand(kind, line)
{
    public string Error { get; } = error;
}
