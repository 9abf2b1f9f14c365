using Wasmbox.SpecTest.Model;

namespace Wasmbox.SpecTest.Results;

/// <summary>
/// One failed command. <see cref="Line"/> is the line in the .wast source that the script was converted
/// from (0 when the script file itself failed); <see cref="File"/> is the .json script's path.
/// </summary>
public sealed record SpecFailure(string File, int Line, CommandKind Kind, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Kind.ToName()}: {Message}";
}
