using System.Text.Json;
using Wasmbox.SpecTest.Model;

namespace Wasmbox.SpecTest.Parsing;

/// <summary>Turns one element of a script's <c>commands</c> array into a <see cref="SpecCommand"/>.</summary>
internal static class CommandReader
{
    /// <summary>Never throws for bad content: what it cannot read becomes an <see cref="UnreadableCommand"/>.</summary>
    public static SpecCommand Read(JsonElement json)
    {
        var kind = CommandKind.Script;
        var line = 0;
        try
        {
            if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("line", out var lineJson) && lineJson.TryGetInt32(out var l))
                line = l;
            var type = json.RequiredString("type");
            if (!CommandKinds.TryParse(type, out var parsed))
                throw new SpecFormatException($"unknown command type \"{type}\"");
            kind = parsed;
            line = json.RequiredInt("line");
            return ReadKnown(kind, line, json);
        }
        catch (SpecFormatException e)
        {
            return new UnreadableCommand(kind, line, $"cannot read command: {e.Message}");
        }
    }

    private static SpecCommand ReadKnown(CommandKind kind, int line, JsonElement json) => kind switch
    {
        CommandKind.Module => new ModuleCommand(line, ReadModuleFile(json), json.OptionalString("name")),
        CommandKind.AssertMalformed or CommandKind.AssertInvalid or CommandKind.AssertUnlinkable or CommandKind.AssertUninstantiable =>
            new AssertModuleCommand(kind, line, ReadModuleFile(json), json.RequiredString("text")),
        CommandKind.AssertReturn =>
            new AssertReturnCommand(line, ReadAction(json), json.OptionalArray("expected").Select(ValueReader.ReadExpected).ToArray()),
        CommandKind.AssertTrap or CommandKind.AssertExhaustion =>
            new AssertFailureCommand(kind, line, ReadAction(json), json.RequiredString("text")),
        CommandKind.Action => new ActionCommand(line, ReadAction(json)),
        CommandKind.Register => new RegisterCommand(line, json.OptionalString("name"), json.RequiredString("as")),
        _ => throw new SpecFormatException($"\"{kind.ToName()}\" is not a command type"),
    };

    /// <summary>
    /// The module file. wast2json marks text modules with <c>module_type: text</c> and names them .wat;
    /// either is enough, since older wast2json versions do not write <c>module_type</c>.
    /// </summary>
    private static ModuleFile ReadModuleFile(JsonElement json)
    {
        var fileName = json.RequiredString("filename");
        if (fileName.Length == 0 || Path.IsPathRooted(fileName) || fileName.Contains(".."))
            throw new SpecFormatException($"module file name \"{fileName}\" is not a plain relative name");
        var moduleType = json.OptionalString("module_type");
        if (moduleType is not (null or "binary" or "text"))
            throw new SpecFormatException($"unknown module_type \"{moduleType}\"");
        var isText = moduleType == "text" || fileName.EndsWith(".wat", StringComparison.OrdinalIgnoreCase);
        return new ModuleFile(fileName, isText);
    }

    private static SpecAction ReadAction(JsonElement json)
    {
        var action = json.Required("action");
        var module = action.OptionalString("module");
        var field = action.RequiredString("field");
        return action.RequiredString("type") switch
        {
            "invoke" => new InvokeAction(module, field, action.OptionalArray("args").Select(ValueReader.ReadArgument).ToArray()),
            "get" => new GetAction(module, field),
            var other => throw new SpecFormatException($"unknown action type \"{other}\""),
        };
    }
}
