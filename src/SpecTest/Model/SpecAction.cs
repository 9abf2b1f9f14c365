namespace Wasmbox.SpecTest.Model;

/// <summary>Something a script does to a module instance: call an exported function or read an exported global.</summary>
public abstract class SpecAction(string? moduleName, string field)
{
    /// <summary>The <c>$name</c> of the module to act on, or <c>null</c> for the most recently defined one.</summary>
    public string? ModuleName { get; } = moduleName;

    /// <summary>The export's name.</summary>
    public string Field { get; } = field;
}

public sealed class InvokeAction(string? moduleName, string field, IReadOnlyList<SpecValue> arguments)
    : SpecAction(moduleName, field)
{
    public IReadOnlyList<SpecValue> Arguments { get; } = arguments;

    public override string ToString() => $"invoke \"{Field}\"({string.Join(", ", Arguments)})";
}

public sealed class GetAction(string? moduleName, string field) : SpecAction(moduleName, field)
{
    public override string ToString() => $"get \"{Field}\"";
}
