using System.CommandLine;

namespace Wasmbox.Cli;

/// <summary>The <c>--repeat N</c> option of the measuring commands: how many runs in one process (at least 1).</summary>
internal static class RepeatOption
{
    public static Option<int> Create(string description)
    {
        var repeat = new Option<int>("--repeat")
        {
            Description = description,
            HelpName = "N",
            DefaultValueFactory = _ => 1,
        };
        repeat.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--repeat must be at least 1.");
        });
        return repeat;
    }
}
