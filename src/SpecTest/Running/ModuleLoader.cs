using Wasmbox.Engine;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Validation;

namespace Wasmbox.SpecTest.Running;

internal enum LoadStatus
{
    Valid,
    Malformed,
    Invalid,
    /// <summary>The module file could not be read.</summary>
    Unreadable,
    /// <summary>The engine threw something other than a module error: a bug.</summary>
    Crashed,
}

/// <summary>
/// The result of decoding and validating a module file. <see cref="Reason"/> is the engine's bare
/// reason (what assertions match); <see cref="Message"/> is the full description for reports.
/// </summary>
internal readonly record struct LoadResult(LoadStatus Status, ValidatedModule? Module, string Reason, string Message)
{
    public string Describe() => Status switch
    {
        LoadStatus.Valid => "the module is valid",
        LoadStatus.Malformed => $"the module is malformed: {Message}",
        LoadStatus.Invalid => $"the module is invalid: {Message}",
        _ => Message,
    };
}

/// <summary>Decodes and validates a module file, classifying every way that can end.</summary>
internal static class ModuleLoader
{
    public static LoadResult Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new LoadResult(LoadStatus.Unreadable, null, "", $"cannot read {Path.GetFileName(path)}: {e.Message}");
        }

        try
        {
            var module = ModuleValidator.Validate(ModuleDecoder.Decode(bytes));
            return new LoadResult(LoadStatus.Valid, module, "", "");
        }
        catch (MalformedModuleException e)
        {
            return new LoadResult(LoadStatus.Malformed, null, e.Reason, e.Message);
        }
        catch (InvalidModuleException e)
        {
            return new LoadResult(LoadStatus.Invalid, null, e.Reason, e.Message);
        }
        catch (Exception e)
        {
            return new LoadResult(LoadStatus.Crashed, null, "", UnexpectedException.Describe(e));
        }
    }
}
