namespace Wasmbox.SpecTest;

/// <summary>Expands the paths a user gives into the .json scripts to run, in a stable order.</summary>
public static class SpecFileFinder
{
    /// <summary>
    /// A file stands for itself; a folder for every <c>*.json</c> below it, sorted by path (ordinal, so
    /// the order is the same on every machine). Paths that do not exist, and folders without any
    /// script, are returned as they are for the runner to report: naming nothing to run is a mistake.
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var scripts = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).ToList();
                found.Sort(StringComparer.Ordinal);
                if (found.Count == 0) found.Add(path);
                scripts.AddRange(found);
            }
            else
            {
                scripts.Add(path);
            }
        }
        return scripts;
    }
}
