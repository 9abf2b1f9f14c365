namespace Wasmbox.Protocol.Tests.Interop;

/// <summary>A fact that needs Node.js and npm on the PATH, and is reported as skipped (saying why) without them.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (FindOnPath("node") is null || FindOnPath("npm") is null)
            Skip = "Node.js interop: node and npm are not on the PATH (apt-get install nodejs npm)";
    }

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
}
