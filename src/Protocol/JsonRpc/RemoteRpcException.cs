using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>The peer answered one of our requests with a JSON-RPC error.</summary>
public sealed class RemoteRpcException : Exception
{
    public RemoteRpcException(string method, int code, string message, JsonElement? data)
        : base(message)
    {
        Method = method;
        Code = code;
        ErrorData = data;
    }

    public RemoteRpcException()
        : this("", JsonRpcErrorCodes.InternalError, "Remote error", null)
    {
    }

    public RemoteRpcException(string message)
        : this("", JsonRpcErrorCodes.InternalError, message, null)
    {
    }

    public RemoteRpcException(string message, Exception innerException)
        : base(message, innerException)
    {
        Method = "";
        Code = JsonRpcErrorCodes.InternalError;
    }

    /// <summary>The method we called.</summary>
    public string Method { get; }

    /// <summary>The error code the peer sent (see <see cref="JsonRpcErrorCodes"/>).</summary>
    public int Code { get; }

    /// <summary>The error's <c>data</c> member, detached from the message it came in.</summary>
    public JsonElement? ErrorData { get; }

    /// <summary>Reads <see cref="ErrorData"/> as <typeparamref name="T"/>; null when absent or of another shape.</summary>
    public T? GetErrorData<T>(JsonTypeInfo<T> type) where T : class
    {
        if (ErrorData is not { ValueKind: JsonValueKind.Object } data)
            return null;
        try
        {
            return data.Deserialize(type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
