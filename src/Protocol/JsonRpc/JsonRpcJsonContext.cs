using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// Source-generated metadata for the JSON-RPC layer's own types, and for untyped methods
/// (<c>RpcMethod&lt;JsonElement, JsonElement&gt;</c>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(NoParams))]
[JsonSerializable(typeof(NoResult))]
[JsonSerializable(typeof(ErrorData))]
[JsonSerializable(typeof(string))]
public sealed partial class JsonRpcJsonContext : JsonSerializerContext;
