using System.Text.Json;

namespace Wasmbox.SpecTest.Parsing;

/// <summary>Field access on a JSON object that turns a missing or mistyped field into a <see cref="SpecFormatException"/>.</summary>
internal static class JsonFields
{
    public static JsonElement Required(this JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw new SpecFormatException($"expected a JSON object, found {Describe(obj)}");
        return obj.TryGetProperty(name, out var value)
            ? value
            : throw new SpecFormatException($"missing field \"{name}\"");
    }

    public static string RequiredString(this JsonElement obj, string name) => AsString(obj.Required(name), name);

    public static string? OptionalString(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? AsString(value, name) : null;

    public static JsonElement RequiredArray(this JsonElement obj, string name)
    {
        var value = obj.Required(name);
        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw new SpecFormatException($"field \"{name}\" should be an array, found {Describe(value)}");
    }

    /// <summary>An optional array field; absent means empty.</summary>
    public static IEnumerable<JsonElement> OptionalArray(this JsonElement obj, string name) =>
        obj.TryGetProperty(name, out _) ? obj.RequiredArray(name).EnumerateArray() : [];

    public static int RequiredInt(this JsonElement obj, string name)
    {
        var value = obj.Required(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new SpecFormatException($"field \"{name}\" should be an integer, found {Describe(value)}");
    }

    public static string AsString(JsonElement value, string what) => value.ValueKind == JsonValueKind.String
        ? value.GetString()!
        : throw new SpecFormatException($"\"{what}\" should be a string, found {Describe(value)}");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.GetRawText(),
    };
}
