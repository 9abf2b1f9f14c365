using System.Text.Json;
using Wasmbox.SpecTest.Execution;
using Wasmbox.SpecTest.Model;
using Wasmbox.SpecTest.Parsing;
using Wasmbox.SpecTest.Results;
using Wasmbox.SpecTest.Running;

namespace Wasmbox.SpecTest;

/// <summary>
/// Runs wast2json scripts against the engine. Modules are decoded and validated; commands that need
/// execution run on <paramref name="backend"/>, or are skipped when there is none. Never throws for bad
/// input or engine bugs: those are failures in the results.
/// </summary>
public sealed class SpecRunner(IExecutionBackend? backend = null)
{
    /// <summary>How many scripts run at once (each has its own state, so scripts are independent).</summary>
    public int MaxParallelism { get; init; } = 1;

    /// <summary>Runs the scripts that <paramref name="paths"/> name (files or folders); results in path order.</summary>
    public SpecResults Run(IEnumerable<string> paths)
    {
        var scripts = SpecFileFinder.Expand(paths);
        var perScript = new SpecResults[scripts.Count];
        Parallel.For(0, scripts.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxParallelism) },
            i => perScript[i] = RunFile(scripts[i]));

        var total = new SpecResults();
        foreach (var results in perScript) total.Add(results);
        return total;
    }

    /// <summary>Runs one .json script.</summary>
    public SpecResults RunFile(string jsonPath)
    {
        SpecScript script;
        try
        {
            if (Directory.Exists(jsonPath)) throw new SpecFormatException("a folder without any .json script");
            script = SpecScriptReader.Read(jsonPath);
        }
        catch (Exception e)
        {
            var results = new SpecResults();
            results.AddFailed(new SpecFailure(jsonPath, 0, CommandKind.Script, DescribeLoadError(jsonPath, e)));
            return results;
        }
        return RunScript(script);
    }

    public SpecResults RunScript(SpecScript script)
    {
        IScriptSession? session;
        try
        {
            session = backend?.StartScript();
        }
        catch (Exception e)
        {
            var results = new SpecResults();
            results.AddFailed(new SpecFailure(script.JsonPath, 0, CommandKind.Script, $"cannot start the script: {UnexpectedException.Describe(e)}"));
            return results;
        }
        using (session) return new ScriptRun(script, session).Run();
    }

    private static string DescribeLoadError(string path, Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file or folder",
        IOException or UnauthorizedAccessException => $"cannot read the script: {e.Message}",
        JsonException => $"the script is not valid JSON: {e.Message}",
        SpecFormatException when Directory.Exists(path) => $"nothing to run: {e.Message}",
        SpecFormatException => $"the script is not a wast2json script: {e.Message}",
        _ => UnexpectedException.Describe(e),
    };
}
