namespace Wasmbox.SpecTest;

/// <summary>
/// The spec-suite commands we deliberately do not run, each with its reason (skip-list.tsv, embedded
/// in this assembly). Anything not listed either passes or counts as a failure.
/// </summary>
public static class SkipList
{
    private static readonly Dictionary<(string File, int Line), string> Entries = Load();

    /// <summary>Why the command at <paramref name="line"/> of the script <paramref name="jsonPath"/> is skipped, or null.</summary>
    public static string? ReasonFor(string jsonPath, int line) =>
        Entries.TryGetValue((Path.GetFileName(jsonPath), line), out var reason) ? reason : null;

    private static Dictionary<(string, int), string> Load()
    {
        var entries = new Dictionary<(string, int), string>();
        using var stream = typeof(SkipList).Assembly.GetManifestResourceStream("Wasmbox.SpecTest.skip-list.tsv")
            ?? throw new InvalidOperationException("skip-list.tsv is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split('\t', 3);
            if (fields.Length != 3 || !int.TryParse(fields[1], out var number))
            {
                throw new InvalidOperationException($"skip-list.tsv: malformed entry: {line}");
            }

            entries[(fields[0], number)] = fields[2];
        }

        return entries;
    }
}
