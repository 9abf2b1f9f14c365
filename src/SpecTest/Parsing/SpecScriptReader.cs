using System.Text.Json;
using Wasmbox.SpecTest.Model;

namespace Wasmbox.SpecTest.Parsing;

/// <summary>Reads a wast2json <c>.json</c> script.</summary>
public static class SpecScriptReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>
    /// Reads the script at <paramref name="jsonPath"/>. Throws <see cref="IOException"/> (or another file
    /// error) when the file cannot be read, <see cref="JsonException"/> when it is not JSON, and
    /// <see cref="SpecFormatException"/> when it has no <c>commands</c> array. A single bad command does
    /// not throw: it becomes an <see cref="UnreadableCommand"/> among the others.
    /// </summary>
    public static SpecScript Read(string jsonPath) => Parse(jsonPath, File.ReadAllBytes(jsonPath));

    /// <summary>Parses script text already in memory; <paramref name="jsonPath"/> locates the module files.</summary>
    public static SpecScript Parse(string jsonPath, ReadOnlyMemory<byte> utf8Json)
    {
        // JsonDocument rejects a byte order mark; editors on some systems write one.
        if (utf8Json.Span.StartsWith("\uFEFF"u8)) utf8Json = utf8Json[3..];
        using var document = JsonDocument.Parse(utf8Json, Options);
        var root = document.RootElement;
        var source = root.OptionalString("source_filename");
        var commands = root.RequiredArray("commands").EnumerateArray().Select(CommandReader.Read).ToArray();
        return new SpecScript(jsonPath, source, commands);
    }
}
