using System.CommandLine;
using System.Text.Json;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Cli;

/// <summary>
/// <c>wasmbox invoke MODULE EXPORT ARGS...</c>: compiles, instantiates and calls one export through
/// the daemon. Each argument is read by the export's parameter type, as the protocol reads JSON
/// (so i64 and floats take the same spellings: "-1", "NaN", "{\"bits\":\"0x7fc00001\"}").
/// </summary>
internal static class InvokeCommand
{
    public static Command Create()
    {
        var module = new Argument<FileInfo>("MODULE") { Description = "A WebAssembly binary (.wasm) without imports." };
        var export = new Argument<string>("EXPORT") { Description = "The exported function to call." };
        var values = new Argument<string[]>("ARGS") { Description = "The arguments, one per parameter.", Arity = ArgumentArity.ZeroOrMore };
        var deadline = new Option<int?>("--deadline-ms") { Description = "Stop the call after this many milliseconds (default: the daemon's, 30 s)." };
        var command = new Command("invoke", "Call an export of a module through the daemon at the default socket and print its results, one per line.")
        {
            module, export, values, deadline,
        };
        command.SetAction((parseResult, cancellationToken) => DaemonCalls.RunAsync("invoke", async client =>
        {
            var bytes = await File.ReadAllBytesAsync(parseResult.GetValue(module)!.FullName, cancellationToken);
            var name = parseResult.GetValue(export)!;
            var compiled = await client.CompileAsync(bytes, cancellationToken);
            var function = compiled.Exports.FirstOrDefault(e => e.Name == name && e.Kind == ExternKind.Func);
            if (function is null)
            {
                Console.Error.WriteLine($"invoke: the module exports no function '{name}'");
                return ExitCodes.Failure;
            }

            var args = WireValueJson.FromJson([.. (parseResult.GetValue(values) ?? []).Select(ToJson)], function.Type.Params ?? []);
            var instance = await client.CreateInstanceAsync(compiled.ModuleId, cancellationToken: cancellationToken);
            var ms = parseResult.GetValue(deadline);
            var results = await client.InvokeAsync(instance.InstanceId, name, args, ms is { } d ? TimeSpan.FromMilliseconds(d) : null, cancellationToken);
            foreach (var result in results) Console.WriteLine(WireValueJson.ToJson(result).GetRawText());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>A JSON value when the text is one (42, {"bits":...}), else the text as a JSON string ("NaN", "-1").</summary>
    private static JsonElement ToJson(string text)
    {
        try
        {
            return JsonElement.Parse(text);
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text, Wasmbox.Cli.CliJson.Default.String);
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class CliJson : System.Text.Json.Serialization.JsonSerializerContext;
