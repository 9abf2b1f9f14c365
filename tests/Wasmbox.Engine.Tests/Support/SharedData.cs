namespace Wasmbox.Engine.Tests.Support;

/// <summary>
/// Finds the shared test data (spec tests, WASI tests, benchmarks) that sits beside the repository
/// as <c>../shared</c>, or wherever an environment variable points.
/// </summary>
internal static class SharedData
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared folder: <c>WASMBOX_SHARED_DIR</c>, else <c>../shared</c> beside the repository.</summary>
    public static string SharedDirectory =>
        Environment.GetEnvironmentVariable("WASMBOX_SHARED_DIR") is { Length: > 0 } dir
            ? dir
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>The wast2json output of the spec suite: <c>WASMBOX_SPECTEST_DIR</c>, else shared/spectest/json.</summary>
    public static string SpecTestDirectory =>
        Environment.GetEnvironmentVariable("WASMBOX_SPECTEST_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(SharedDirectory, "spectest", "json");

    public static string BenchDirectory => Path.Combine(SharedDirectory, "bench");

    /// <summary>Returns the folder, or fails the test with a message saying where it was looked for.</summary>
    public static string Require(string directory)
    {
        Assert.True(Directory.Exists(directory), $"test data folder not found: {directory} (set WASMBOX_SHARED_DIR or WASMBOX_SPECTEST_DIR)");
        return directory;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wasmbox.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"no Wasmbox.sln above {AppContext.BaseDirectory}");
    }
}
