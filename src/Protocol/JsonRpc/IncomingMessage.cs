using System.Text.Json;

namespace Wasmbox.Protocol.JsonRpc;

internal enum IncomingKind
{
    Request,
    Notification,
    Response,

    /// <summary>Not a valid request: answered with -32600 (with the id, when one could be read).</summary>
    InvalidRequest,
}

/// <summary>
/// One JSON-RPC message, classified by the rules of the JSON-RPC 2.0 spec. The elements point into
/// the message's <see cref="JsonDocument"/> and are valid only while it is.
/// </summary>
internal readonly struct IncomingMessage
{
    public IncomingKind Kind { get; private init; }
    public JsonRpcId Id { get; private init; }
    public string? Method { get; private init; }

    /// <summary>The params object or array; null when absent (or JSON null, which we take as absent).</summary>
    public JsonElement? Params { get; private init; }

    public JsonElement Result { get; private init; }

    /// <summary>For a response: the peer's error, when it sent one.</summary>
    public (int Code, string Message, JsonElement? Data)? Error { get; private init; }

    /// <summary>Why an invalid request or a malformed response is not acceptable.</summary>
    public string? Problem { get; private init; }

    public static IncomingMessage Read(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
            return Invalid(JsonRpcId.Null, "Invalid Request: a JSON-RPC message must be an object");

        bool hasId = message.TryGetProperty("id"u8, out JsonElement idElement);
        if (hasId && !JsonRpcId.TryRead(idElement, out _))
            return Invalid(JsonRpcId.Null, "Invalid Request: \"id\" must be a string, a number or null");
        JsonRpcId id = JsonRpcId.Null;
        if (hasId)
            JsonRpcId.TryRead(idElement, out id);

        bool validVersion = message.TryGetProperty("jsonrpc"u8, out JsonElement version)
            && version.ValueKind == JsonValueKind.String && version.ValueEquals("2.0"u8);

        if (message.TryGetProperty("method"u8, out JsonElement method))
        {
            return validVersion
                ? ReadCall(message, method, hasId, id)
                : Invalid(id, "Invalid Request: \"jsonrpc\" must be \"2.0\"");
        }

        bool hasResult = message.TryGetProperty("result"u8, out JsonElement result);
        bool hasError = message.TryGetProperty("error"u8, out JsonElement error);
        if (!hasResult && !hasError)
        {
            return Invalid(id, validVersion
                ? "Invalid Request: a message needs \"method\" (a request or notification) or \"result\"/\"error\" (a response)"
                : "Invalid Request: \"jsonrpc\" must be \"2.0\"");
        }

        // Something shaped like a response is never answered (that could loop between two peers);
        // what is wrong with it fails the request it answers instead.
        if (!hasId)
            return Malformed(JsonRpcId.Null, "a response without an \"id\"");
        if (!validVersion)
            return Malformed(id, "a response whose \"jsonrpc\" is not \"2.0\"");
        if (hasResult && hasError)
            return Malformed(id, "a response with both \"result\" and \"error\"");
        if (hasResult)
            return new IncomingMessage { Kind = IncomingKind.Response, Id = id, Result = result };
        return ReadError(id, error);
    }

    private static IncomingMessage ReadCall(JsonElement message, JsonElement method, bool hasId, JsonRpcId id)
    {
        if (method.ValueKind != JsonValueKind.String)
            return Invalid(id, "Invalid Request: \"method\" must be a string");

        JsonElement? parameters = null;
        if (message.TryGetProperty("params"u8, out JsonElement p))
        {
            if (p.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                parameters = p;
            else if (p.ValueKind != JsonValueKind.Null)
                return Invalid(id, "Invalid Request: \"params\" must be an object or an array");
        }

        return new IncomingMessage
        {
            Kind = hasId ? IncomingKind.Request : IncomingKind.Notification,
            Id = id,
            Method = method.GetString(),
            Params = parameters,
        };
    }

    private static IncomingMessage ReadError(JsonRpcId id, JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object
            || !error.TryGetProperty("code"u8, out JsonElement code) || code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out int codeValue)
            || !error.TryGetProperty("message"u8, out JsonElement text) || text.ValueKind != JsonValueKind.String)
        {
            return Malformed(id, "an error response whose \"error\" is not {code: integer, message: string}");
        }

        JsonElement? data = error.TryGetProperty("data"u8, out JsonElement d) ? d.Clone() : null;
        return new IncomingMessage { Kind = IncomingKind.Response, Id = id, Error = (codeValue, text.GetString()!, data) };
    }

    private static IncomingMessage Malformed(JsonRpcId id, string problem) =>
        new() { Kind = IncomingKind.Response, Id = id, Problem = problem };

    private static IncomingMessage Invalid(JsonRpcId id, string problem) =>
        new() { Kind = IncomingKind.InvalidRequest, Id = id, Problem = problem };
}
