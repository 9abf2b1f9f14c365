namespace Wasmbox.Engine.Binary;

/// <summary>
/// Names from the <c>name</c> custom section, used for stack traces and diagnostics. The spec makes
/// this section advisory: a malformed one is ignored rather than rejecting the module.
/// </summary>
public sealed class NameSection
{
    public string? ModuleName { get; init; }
    public IReadOnlyDictionary<uint, string> FunctionNames { get; init; } = new Dictionary<uint, string>();
    public IReadOnlyDictionary<uint, IReadOnlyDictionary<uint, string>> LocalNames { get; init; } =
        new Dictionary<uint, IReadOnlyDictionary<uint, string>>();
}
