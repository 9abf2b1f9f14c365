using System.CommandLine;
using System.CommandLine.Invocation;
using Wasmbox.Cli;

// Everything after run's FILE belongs to the guest, so run parses its own arguments. It is also the
// command whose start-up matters most: this path does not even load System.CommandLine.
if (args.Length > 0 && args[0] == RunCommand.Name) return RunCommand.Execute(args[1..]);
return ParseAndInvoke(args);

// A separate method, so that its types are resolved only when a command other than run needs them.
static int ParseAndInvoke(string[] args)
{
    var root = new RootCommand("Wasmbox: a WebAssembly runtime.")
    {
        RunCommand.Create(),
        ValidateCommand.Create(),
        CompileCommand.Create(),
        SpecTestCommand.Create(),
        ServeCommand.Create(),
        InfoCommand.Create(),
        InvokeCommand.Create(),
    };

    var parseResult = root.Parse(args);
    if (parseResult.Errors.Count == 0) return parseResult.Invoke();

    // Usage errors get their own exit code, so scripts can tell "you called me wrong" from "the input is bad".
    if (parseResult.Action is ParseErrorAction showErrors) showErrors.ShowHelp = false;
    parseResult.Invoke();
    Console.Error.WriteLine($"Run '{UsageHint.CommandName(parseResult)} --help' for usage.");
    return ExitCodes.Usage;
}
