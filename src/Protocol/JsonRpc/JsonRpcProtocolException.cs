namespace Wasmbox.Protocol.JsonRpc;

/// <summary>The peer's response broke the protocol (malformed error object, result of the wrong shape).</summary>
public sealed class JsonRpcProtocolException : Exception
{
    public JsonRpcProtocolException()
        : base("The peer broke the JSON-RPC protocol")
    {
    }

    public JsonRpcProtocolException(string message)
        : base(message)
    {
    }

    public JsonRpcProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
