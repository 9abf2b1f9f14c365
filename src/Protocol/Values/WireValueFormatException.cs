using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Protocol.Values;

/// <summary>
/// A JSON value that is not a valid value of the type it was meant as. It is the caller's bad params,
/// so a handler that lets it escape answers -32602.
/// </summary>
public sealed class WireValueFormatException : JsonRpcException
{
    public WireValueFormatException(string message)
        : base(JsonRpcErrorCodes.InvalidParams, message)
    {
    }

    public WireValueFormatException()
        : this("Invalid value")
    {
    }

    public WireValueFormatException(string message, Exception innerException)
        : base(JsonRpcErrorCodes.InvalidParams, message, null, innerException)
    {
    }
}
