using System.Text;

namespace Wasmbox.Engine.Tests.SpecTests;

/// <summary>A temporary folder holding a hand-written script and its module files.</summary>
internal sealed class ScriptFolder : IDisposable
{
    /// <summary>The smallest valid module: magic and version, no sections.</summary>
    public static readonly byte[] EmptyModule = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    /// <summary>Not a module at all: the magic is wrong.</summary>
    public static readonly byte[] BadMagic = [0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00];

    public string Path { get; } = Directory.CreateTempSubdirectory("wasmbox-spectest-").FullName;

    public string ScriptPath => System.IO.Path.Combine(Path, "test.json");

    public ScriptFolder WithModule(string fileName, byte[] bytes)
    {
        File.WriteAllBytes(System.IO.Path.Combine(Path, fileName), bytes);
        return this;
    }

    /// <summary>Writes test.json with these commands (each a JSON object, as wast2json writes them).</summary>
    public ScriptFolder WithCommands(params string[] commands)
    {
        File.WriteAllText(ScriptPath, $"{{\"source_filename\": \"test.wast\", \"commands\": [\n{string.Join(",\n", commands)}\n]}}", Encoding.UTF8);
        return this;
    }

    public ScriptFolder WithScriptText(string text)
    {
        File.WriteAllText(ScriptPath, text, Encoding.UTF8);
        return this;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
