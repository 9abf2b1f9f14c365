using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// Turns a message's params into the method's params type. By name, the object is deserialized as is.
/// By position, element i becomes the member named by the method's i-th parameter name, and the
/// object so built is deserialized: both forms then share one set of rules for types and required members.
/// </summary>
internal static class ParamsBinder
{
    public static T Bind<T>(JsonElement? parameters, JsonTypeInfo<T> type, IReadOnlyList<string> order, string method)
    {
        // Untyped handlers get the params as they came (detached from the message's document).
        if (typeof(T) == typeof(JsonElement))
        {
            JsonElement raw = parameters?.Clone() ?? default;
            return (T)(object)raw;
        }

        try
        {
            T? value = parameters switch
            {
                null => JsonSerializer.Deserialize("{}"u8, type),
                { ValueKind: JsonValueKind.Array } array => DeserializePositional(array, type, order, method),
                { } named => named.Deserialize(type),
            };
            return value ?? throw new InvalidParamsException($"Invalid params for '{method}': expected an object");
        }
        catch (JsonException exception)
        {
            throw new InvalidParamsException($"Invalid params for '{method}': {Describe(exception)}", exception);
        }
    }

    private static T? DeserializePositional<T>(JsonElement array, JsonTypeInfo<T> type, IReadOnlyList<string> order, string method)
    {
        int count = array.GetArrayLength();
        if (count > order.Count)
        {
            throw new InvalidParamsException(order.Count == 0
                ? $"Invalid params for '{method}': it takes its params by name (an object), not by position"
                : $"Invalid params for '{method}': got {count} positional params, but it takes at most {order.Count} ({string.Join(", ", order)})");
        }

        using var named = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(named))
        {
            writer.WriteStartObject();
            int index = 0;
            foreach (JsonElement element in array.EnumerateArray())
            {
                writer.WritePropertyName(order[index++]);
                element.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return JsonSerializer.Deserialize(named.WrittenSpan, type);
    }

    /// <summary>The serializer's message, which already names the JSON path, without its line/column noise.</summary>
    private static string Describe(JsonException exception)
    {
        string message = exception.Message;
        int position = message.IndexOf(" | LineNumber:", StringComparison.Ordinal);
        return position > 0 ? message[..position] : message;
    }
}
