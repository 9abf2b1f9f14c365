using System.CommandLine;

namespace Wasmbox.Cli;

internal static class UsageHint
{
    /// <summary>"wasmbox validate" for an error in the validate command's arguments, "wasmbox" otherwise.</summary>
    public static string CommandName(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "wasmbox" : result.Command.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }
}
