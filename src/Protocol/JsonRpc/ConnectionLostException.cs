namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// The connection closed (the peer went away, the stream broke, or it was disposed) before the
/// response arrived, or a request was made on a connection that can no longer receive responses.
/// </summary>
public sealed class ConnectionLostException : IOException
{
    public ConnectionLostException()
        : base("The JSON-RPC connection was lost")
    {
    }

    public ConnectionLostException(string message)
        : base(message)
    {
    }

    public ConnectionLostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
