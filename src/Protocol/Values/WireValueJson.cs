using System.Text.Json;

namespace Wasmbox.Protocol.Values;

/// <summary>
/// Converts between lists of values and the JSON arrays the API's <c>args</c>/<c>results</c> carry.
/// The arrays stay JSON in the message types because only the signature says how to read them.
/// </summary>
public static class WireValueJson
{
    /// <summary>One value as a JSON element (see <see cref="WireValueEncoder"/> for the forms).</summary>
    public static JsonElement ToJson(WireValue value) => ToJson([value])[0];

    /// <summary>Values as JSON elements, all backed by one small document.</summary>
    public static JsonElement[] ToJson(ReadOnlySpan<WireValue> values)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 + 24 * values.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (WireValue value in values)
                WireValueEncoder.Write(writer, value);
            writer.WriteEndArray();
        }

        JsonElement array = JsonElement.Parse(buffer.WrittenSpan);
        var elements = new JsonElement[values.Length];
        int index = 0;
        foreach (JsonElement element in array.EnumerateArray())
            elements[index++] = element;
        return elements;
    }

    /// <summary>Reads <paramref name="json"/> as values of <paramref name="types"/>, one for one.</summary>
    /// <param name="what">What the list is, for the error message ("args", "results").</param>
    /// <exception cref="WireValueFormatException">A count mismatch or a value that does not fit its type.</exception>
    public static WireValue[] FromJson(IReadOnlyList<JsonElement> json, IReadOnlyList<WireValueType> types, string what = "args")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(types);
        if (json.Count != types.Count)
            throw new WireValueFormatException($"Expected {types.Count} {what} ({string.Join(", ", types.Select(t => t.ToWireName()))}), got {json.Count}");

        var values = new WireValue[json.Count];
        for (int i = 0; i < values.Length; i++)
        {
            try
            {
                values[i] = WireValueDecoder.Read(json[i], types[i]);
            }
            catch (WireValueFormatException exception)
            {
                throw new WireValueFormatException($"{what}[{i}]: {exception.Message}", exception);
            }
        }
        return values;
    }
}
