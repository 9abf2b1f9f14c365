using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Protocol.Tests.Contract;

/// <summary>
/// docs/protocol.md is the contract clients are written from, so every JSON example in it must be
/// exactly what the code accepts and produces: each request binds to its method's params type, each
/// result reads as the result type of the request with its id, each error has a known code, and every
/// method has an example.
/// </summary>
public partial class ProtocolDocumentTests
{
    private sealed record MethodCheck(Action<JsonElement?> BindParams, Action<JsonElement> ReadResult);

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    private static string DocumentPath([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "../../../docs/protocol.md"));

    private static readonly int[] KnownCodes = [-32700, -32600, -32601, -32602, -32603, -32800, -32000];

    [Fact]
    public void EveryExampleMatchesTheContract()
    {
        Dictionary<string, MethodCheck> methods = ContractMethods();
        var requestMethods = new Dictionary<string, string>();
        var documented = new HashSet<string>();
        int examples = 0;

        foreach (Match block in JsonBlock().Matches(File.ReadAllText(DocumentPath())))
        {
            JsonElement root = JsonElement.Parse(block.Groups[1].Value);
            IEnumerable<JsonElement> messages = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : [root];
            foreach (JsonElement message in messages)
            {
                examples++;
                string where = message.GetRawText()[..Math.Min(80, message.GetRawText().Length)];
                IncomingMessage parsed = IncomingMessage.Read(message);
                Assert.True(parsed.Problem is null, $"{where}: {parsed.Problem}");

                switch (parsed.Kind)
                {
                    case IncomingKind.Request or IncomingKind.Notification:
                        documented.Add(parsed.Method!);
                        if (parsed.Kind == IncomingKind.Request)
                            requestMethods[parsed.Id.ToString()] = parsed.Method!;
                        if (methods.TryGetValue(parsed.Method!, out MethodCheck? check))
                            check.BindParams(parsed.Params);
                        else
                            Assert.True(parsed.Method!.StartsWith("$/", StringComparison.Ordinal) || parsed.Method == "nope", $"unknown method in {where}");
                        break;

                    case IncomingKind.Response when parsed.Error is { } error:
                        Assert.Contains(error.Code, KnownCodes);
                        if (error.Code == JsonRpcErrorCodes.ApplicationError)
                        {
                            WasmboxErrorData? data = error.Data!.Value.Deserialize(WasmboxJsonContext.Default.WasmboxErrorData);
                            Assert.Equal(error.Message, data!.Message);
                        }
                        break;

                    case IncomingKind.Response:
                        Assert.True(requestMethods.TryGetValue(parsed.Id.ToString(), out string? method), $"no request with id {parsed.Id} before {where}");
                        methods[method!].ReadResult(parsed.Result);
                        break;
                }
            }
        }

        Assert.True(examples > 30, $"only {examples} examples found");
        Assert.Empty(methods.Keys.Except(documented));
        Assert.Contains("$/cancelRequest", documented);
    }

    [Fact]
    public void TheDocumentedValueErrorIsTheOneProduced()
    {
        JsonElement[] args = [JsonElement.Parse("1"), JsonElement.Parse("1.5")];
        var error = Assert.Throws<WireValueFormatException>(() =>
            WireValueJson.FromJson(args, [WireValueType.I32, WireValueType.I32]));
        Assert.Contains(error.Message, File.ReadAllText(DocumentPath()), StringComparison.Ordinal);
    }

    /// <summary>Every method in WasmboxMethods, found by reflection so a new one cannot go undocumented.</summary>
    private static Dictionary<string, MethodCheck> ContractMethods()
    {
        var checks = new Dictionary<string, MethodCheck>();
        MethodInfo forRequest = typeof(ProtocolDocumentTests).GetMethod(nameof(RequestCheck), BindingFlags.NonPublic | BindingFlags.Static)!;
        MethodInfo forNotification = typeof(ProtocolDocumentTests).GetMethod(nameof(NotificationCheck), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (FieldInfo field in typeof(WasmboxMethods).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            Type type = field.FieldType;
            object descriptor = field.GetValue(null)!;
            (string name, MethodCheck check) = type.GetGenericTypeDefinition() == typeof(RpcMethod<,>)
                ? ((string, MethodCheck))forRequest.MakeGenericMethod(type.GetGenericArguments()).Invoke(null, [descriptor])!
                : ((string, MethodCheck))forNotification.MakeGenericMethod(type.GetGenericArguments()).Invoke(null, [descriptor])!;
            checks.Add(name, check);
        }
        return checks;
    }

    private static (string, MethodCheck) RequestCheck<TParams, TResult>(RpcMethod<TParams, TResult> method) =>
        (method.Name, new MethodCheck(
            parameters => ParamsBinder.Bind(parameters, method.ParamsType, method.ParameterOrder, method.Name),
            result => Assert.NotNull(result.Deserialize(method.ResultType))));

    private static (string, MethodCheck) NotificationCheck<TParams>(RpcNotification<TParams> notification) =>
        (notification.Name, new MethodCheck(
            parameters => ParamsBinder.Bind(parameters, notification.ParamsType, notification.ParameterOrder, notification.Name),
            _ => Assert.Fail($"{notification.Name} is a notification: it has no response")));
}
