using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// Thrown by a request handler to answer with a specific JSON-RPC error. Any other exception becomes
/// an application error (-32000) with <c>data: {type, message}</c>.
/// </summary>
public class JsonRpcException : Exception
{
    public JsonRpcException(int code, string message, JsonElement? data = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        ErrorData = data;
    }

    public JsonRpcException()
        : this(JsonRpcErrorCodes.InternalError, "Internal error")
    {
    }

    public JsonRpcException(string message)
        : this(JsonRpcErrorCodes.ApplicationError, message)
    {
    }

    public JsonRpcException(string message, Exception innerException)
        : this(JsonRpcErrorCodes.ApplicationError, message, null, innerException)
    {
    }

    /// <summary>An error whose <c>data</c> is a typed value, serialized with its source-generated metadata.</summary>
    public static JsonRpcException WithData<T>(int code, string message, T data, JsonTypeInfo<T> dataType) =>
        new(code, message, JsonSerializer.SerializeToElement(data, dataType));

    /// <summary>The JSON-RPC error code sent to the peer.</summary>
    public int Code { get; }

    /// <summary>The error's <c>data</c> member, if any.</summary>
    public JsonElement? ErrorData { get; }
}
