namespace Wasmbox.Protocol.JsonRpc;

/// <summary>The params could not be bound to the method's params type; answered with -32602.</summary>
internal sealed class InvalidParamsException(string message, Exception? innerException = null)
    : JsonRpcException(JsonRpcErrorCodes.InvalidParams, message, null, innerException);
