using System.Text.Json;
using System.Text.Json.Serialization;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Protocol.Tests.Support;

public sealed record AddParams
{
    public required int A { get; init; }
    public required int B { get; init; }
}

public sealed record TextParams
{
    public required string Text { get; init; }
    public string? Suffix { get; init; }
}

public sealed record QuestionParams
{
    public required string Question { get; init; }
}

public sealed record SumResult
{
    public required int Sum { get; init; }
}

public sealed record Unserializable
{
    public double Value { get; init; } = double.NaN;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(AddParams))]
[JsonSerializable(typeof(TextParams))]
[JsonSerializable(typeof(SumResult))]
[JsonSerializable(typeof(Unserializable))]
[JsonSerializable(typeof(NoParams))]
[JsonSerializable(typeof(NoResult))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(QuestionParams))]
[JsonSerializable(typeof(int))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

/// <summary>The methods the JSON-RPC tests serve and call.</summary>
internal static class TestMethods
{
    private static TestJsonContext Json => TestJsonContext.Default;

    public static readonly RpcMethod<AddParams, SumResult> Add = new("test/add", Json.AddParams, Json.SumResult, "a", "b");
    public static readonly RpcMethod<TextParams, string> Echo = new("test/echo", Json.TextParams, Json.String, "text", "suffix");
    public static readonly RpcMethod<TextParams, string> NamedOnly = new("test/namedOnly", Json.TextParams, Json.String);
    public static readonly RpcMethod<NoParams, string> Wait = new("test/wait", Json.NoParams, Json.String);
    public static readonly RpcMethod<NoParams, NoResult> Fail = new("test/fail", Json.NoParams, Json.NoResult);
    public static readonly RpcMethod<NoParams, Unserializable> BadResult = new("test/badResult", Json.NoParams, Json.Unserializable);
    public static readonly RpcMethod<JsonElement, JsonElement> Raw = new("test/raw", Json.JsonElement, Json.JsonElement);
    public static readonly RpcNotification<TextParams> Note = new("test/note", Json.TextParams, "text");

    /// <summary>Registers every test method; <c>test/wait</c> waits until cancelled, then lets the cancellation surface.</summary>
    public static void Serve(JsonRpcConnection connection, List<string>? notes = null)
    {
        connection.AddRequestHandler(Add, (p, _) => ValueTask.FromResult(new SumResult { Sum = p.A + p.B }));
        connection.AddRequestHandler(Echo, (p, _) => ValueTask.FromResult(p.Text + (p.Suffix ?? "")));
        connection.AddRequestHandler(NamedOnly, (p, _) => ValueTask.FromResult(p.Text));
        connection.AddRequestHandler(Wait, async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        });
        connection.AddRequestHandler(Fail, (_, _) => throw new InvalidOperationException("it failed on purpose"));
        connection.AddRequestHandler(BadResult, (_, _) => ValueTask.FromResult(new Unserializable()));
        connection.AddRequestHandler(Raw, (p, _) => ValueTask.FromResult(p));
        connection.AddNotificationHandler(Note, p =>
        {
            if (notes is not null)
            {
                lock (notes)
                    notes.Add(p.Text);
            }
        });
    }
}
