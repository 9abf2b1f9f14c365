using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// The result of a method that returns nothing: sent as <c>"result": null</c>, as StreamJsonRpc and
/// vscode-jsonrpc do for void methods; any result is accepted when reading.
/// </summary>
[JsonConverter(typeof(NoResultConverter))]
public readonly record struct NoResult
{
    public static NoResult Value => default;
}

internal sealed class NoResultConverter : JsonConverter<NoResult>
{
    public override bool HandleNull => true;

    public override NoResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        reader.Skip();
        return default;
    }

    public override void Write(Utf8JsonWriter writer, NoResult value, JsonSerializerOptions options) => writer.WriteNullValue();
}
