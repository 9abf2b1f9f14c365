namespace Wasmbox.Protocol.JsonRpc;

/// <summary>Turns what a request handler threw into the error response the peer gets.</summary>
internal static class HandlerFailures
{
    public static PooledBufferWriter ToResponse(Exception exception, JsonRpcId id, CancellationToken requestToken) => exception switch
    {
        JsonRpcException rpc => MessageSerializer.Error(id, rpc.Code, rpc.Message, rpc.ErrorData),

        // Only a cancellation the peer asked for (or the connection closing) is "cancelled"; a handler's
        // own timeout surfacing as OperationCanceledException is an ordinary failure.
        OperationCanceledException when requestToken.IsCancellationRequested =>
            MessageSerializer.Error(id, JsonRpcErrorCodes.RequestCancelled, "Request cancelled"),

        ResultSerializationException => MessageSerializer.Error(id, JsonRpcErrorCodes.InternalError, exception.Message),

        _ => MessageSerializer.Error(id, JsonRpcErrorCodes.ApplicationError, exception.Message,
            new ErrorData { Type = exception.GetType().FullName ?? exception.GetType().Name, Message = exception.Message }),
    };
}
