using System.CommandLine;

namespace Wasmbox.Cli;

internal static class PathArguments
{
    /// <summary>
    /// A one-or-more list of paths that refuses anything looking like an option. System.CommandLine
    /// would otherwise take a mistyped option (<c>--stat</c>) as a file name, and the user would get
    /// "cannot read" instead of a usage error. A file whose name starts with '-' can be given as ./-name.
    /// </summary>
    public static Argument<string[]> Create(string name, string description)
    {
        var argument = new Argument<string[]>(name) { Description = description, Arity = ArgumentArity.OneOrMore };
        argument.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (value.StartsWith('-')) result.AddError($"Unrecognized option '{value}'.");
            }
        });
        return argument;
    }
}
