namespace Wasmbox.Daemon.Tests.Support;

/// <summary>A fact that needs a program on the PATH, reported as skipped (saying which package has it) without it.</summary>
public sealed class ProgramFactAttribute : FactAttribute
{
    public ProgramFactAttribute(string program, string debianPackage)
    {
        bool found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, program)));
        if (!found)
            Skip = $"{program} is not on the PATH (apt-get install {debianPackage}; scripts/setup.sh does)";
    }
}
