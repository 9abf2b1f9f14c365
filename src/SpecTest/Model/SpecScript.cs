namespace Wasmbox.SpecTest.Model;

/// <summary>A wast2json script: its commands in order, and where to find the module files they name.</summary>
public sealed class SpecScript(string jsonPath, string? sourceFileName, IReadOnlyList<SpecCommand> commands)
{
    /// <summary>Path of the .json file.</summary>
    public string JsonPath { get; } = jsonPath;

    /// <summary>The .wast file wast2json converted (as recorded at conversion time), or <c>null</c>.</summary>
    public string? SourceFileName { get; } = sourceFileName;

    public IReadOnlyList<SpecCommand> Commands { get; } = commands;

    /// <summary>Folder that module file names are relative to.</summary>
    public string Directory => Path.GetDirectoryName(Path.GetFullPath(JsonPath)) ?? ".";

    public string ResolveModulePath(ModuleFile file) => Path.Combine(Directory, file.FileName);
}
