using System.Runtime.InteropServices;
using System.Text.Json;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// A request id: a string, a number, or null. A number is echoed back exactly as the peer wrote it
/// (its JSON text is kept unless it is a plain integer that fits a long, the allocation-free case).
/// </summary>
public readonly struct JsonRpcId : IEquatable<JsonRpcId>
{
    private enum IdKind : byte { Null, Integer, OtherNumber, String }

    private readonly IdKind _kind;
    private readonly long _integer;
    private readonly string? _text;

    private JsonRpcId(IdKind kind, long integer, string? text)
    {
        _kind = kind;
        _integer = integer;
        _text = text;
    }

    public static JsonRpcId Null => default;

    public static JsonRpcId FromInteger(long value) => new(IdKind.Integer, value, null);

    public static JsonRpcId FromString(string value) => new(IdKind.String, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public bool IsNull => _kind == IdKind.Null;
    public bool IsString => _kind == IdKind.String;
    public bool IsNumber => _kind is IdKind.Integer or IdKind.OtherNumber;

    public bool TryGetInteger(out long value)
    {
        value = _integer;
        return _kind == IdKind.Integer;
    }

    /// <summary>Reads an id; false when the element is not a string, number or null.</summary>
    internal static bool TryRead(JsonElement element, out JsonRpcId id)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                id = Null;
                return true;
            case JsonValueKind.String:
                id = FromString(element.GetString()!);
                return true;
            case JsonValueKind.Number:
                ReadOnlySpan<byte> text = JsonMarshal.GetRawUtf8Value(element);
                id = IsPlainInteger(text) && long.TryParse(text, provider: null, out long value)
                    ? FromInteger(value)
                    : new JsonRpcId(IdKind.OtherNumber, 0, System.Text.Encoding.UTF8.GetString(text));
                return true;
            default:
                id = Null;
                return false;
        }
    }

    internal void WriteTo(Utf8JsonWriter writer)
    {
        switch (_kind)
        {
            case IdKind.Integer: writer.WriteNumberValue(_integer); break;
            case IdKind.OtherNumber: writer.WriteRawValue(_text!, skipInputValidation: true); break;
            case IdKind.String: writer.WriteStringValue(_text); break;
            default: writer.WriteNullValue(); break;
        }
    }

    /// <summary>Digits with an optional minus and no leading zero: the text a long formats back to.</summary>
    private static bool IsPlainInteger(ReadOnlySpan<byte> text)
    {
        ReadOnlySpan<byte> digits = text is [(byte)'-', .. var rest] ? rest : text;
        return digits.Length is > 0 and <= 19
            && !digits.ContainsAnyExceptInRange((byte)'0', (byte)'9')
            && (digits[0] != (byte)'0' || (digits.Length == 1 && text.Length == 1));
    }

    public bool Equals(JsonRpcId other) =>
        _kind == other._kind && _integer == other._integer && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is JsonRpcId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_kind, _integer, _text);

    public static bool operator ==(JsonRpcId left, JsonRpcId right) => left.Equals(right);

    public static bool operator !=(JsonRpcId left, JsonRpcId right) => !left.Equals(right);

    public override string ToString() => _kind switch
    {
        IdKind.Integer => _integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        IdKind.OtherNumber => _text!,
        IdKind.String => JsonSerializer.Serialize(_text, JsonRpcJsonContext.Default.String),
        _ => "null",
    };
}
