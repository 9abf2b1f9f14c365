using Wasmbox.Engine.Tests.Support;
using Wasmbox.SpecTest;

namespace Wasmbox.Engine.Tests.SpecTests;

/// <summary>
/// The official spec suite (wast2json output), one test case per script so each shows on its own.
/// Commands that need execution are skipped until the runtime can execute; everything else must pass.
/// </summary>
public class SpecSuiteTests
{
    /// <summary>Stands in for the scripts when their folder is missing, so the suite fails instead of running nothing.</summary>
    private const string MissingFolder = "(spec test folder not found)";

    public static TheoryData<string> Scripts()
    {
        var directory = SharedData.SpecTestDirectory;
        var data = new TheoryData<string>();
        if (!Directory.Exists(directory))
        {
            data.Add(MissingFolder);
            return data;
        }
        foreach (var script in SpecFileFinder.Expand([directory]))
        {
            data.Add(Path.GetRelativePath(directory, script).Replace('\\', '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script(string script)
    {
        var directory = SharedData.Require(SharedData.SpecTestDirectory);
        Assert.NotEqual(MissingFolder, script);

        var results = new SpecRunner(new Wasmbox.SpecTest.Execution.JitBackend()).RunFile(Path.Combine(directory, script));

        Assert.True(results.Failed == 0,
            $"{results.Failed} of {results.Passed + results.Failed} commands failed ({results.Skipped} skipped):\n"
            + string.Join('\n', results.Failures.Select(f => $"{f.File}:{f.Line}: {f.Message}")));
    }
}
