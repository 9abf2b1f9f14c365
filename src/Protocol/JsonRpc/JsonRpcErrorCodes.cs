namespace Wasmbox.Protocol.JsonRpc;

/// <summary>Error codes from the JSON-RPC 2.0 spec, plus the LSP/StreamJsonRpc cancellation code.</summary>
public static class JsonRpcErrorCodes
{
    /// <summary>The message is not valid JSON (or its framing is broken).</summary>
    public const int ParseError = -32700;

    /// <summary>The JSON is not a valid request object (or the message is too large).</summary>
    public const int InvalidRequest = -32600;

    public const int MethodNotFound = -32601;

    /// <summary>The params have the wrong shape, wrong types, or miss a required member.</summary>
    public const int InvalidParams = -32602;

    /// <summary>A failure in the RPC machinery itself, such as a result that cannot be serialized.</summary>
    public const int InternalError = -32603;

    /// <summary>The method ran and failed; <c>data</c> says how (<c>{type, message, ...}</c>).</summary>
    public const int ApplicationError = -32000;

    /// <summary>The request was cancelled by a <c>$/cancelRequest</c> before it finished (LSP's RequestCancelled).</summary>
    public const int RequestCancelled = -32800;
}
