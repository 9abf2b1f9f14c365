using System.Text.Json;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>A handler registered for one method name, typed by its descriptor.</summary>
internal abstract class MethodRegistration
{
    /// <summary>True for request handlers, which answer; false for notification handlers, which never do.</summary>
    public abstract bool AnswersRequests { get; }

    /// <summary>
    /// Binds the params now, while the message's document is alive, and returns the call to run later.
    /// Throws <see cref="InvalidParamsException"/> when they do not fit.
    /// </summary>
    public abstract PreparedCall Prepare(JsonElement? parameters);
}

/// <summary>A handler with its params bound, ready to run.</summary>
internal abstract class PreparedCall
{
    /// <summary>Runs the handler and serializes its response. Exceptions are the handler's.</summary>
    public abstract Task<PooledBufferWriter> RespondAsync(JsonRpcId id, CancellationToken cancellationToken);

    /// <summary>Runs the handler for a notification: nothing is answered.</summary>
    public abstract Task RunAsync(CancellationToken cancellationToken);
}

internal sealed class RequestRegistration<TParams, TResult>(
    RpcMethod<TParams, TResult> method,
    Func<TParams, CancellationToken, ValueTask<TResult>> handler) : MethodRegistration
{
    public override bool AnswersRequests => true;

    public override PreparedCall Prepare(JsonElement? parameters) =>
        new Call(method, handler, ParamsBinder.Bind(parameters, method.ParamsType, method.ParameterOrder, method.Name));

    private sealed class Call(
        RpcMethod<TParams, TResult> method,
        Func<TParams, CancellationToken, ValueTask<TResult>> handler,
        TParams parameters) : PreparedCall
    {
        public override async Task<PooledBufferWriter> RespondAsync(JsonRpcId id, CancellationToken cancellationToken)
        {
            TResult result = await handler(parameters, cancellationToken).ConfigureAwait(false);
            try
            {
                return MessageSerializer.Result(id, result, method.ResultType);
            }
            catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                throw new ResultSerializationException(method.Name, exception);
            }
        }

        public override async Task RunAsync(CancellationToken cancellationToken) =>
            await handler(parameters, cancellationToken).ConfigureAwait(false);
    }
}

internal sealed class NotificationRegistration<TParams>(
    RpcNotification<TParams> notification,
    Func<TParams, CancellationToken, ValueTask> handler) : MethodRegistration
{
    public override bool AnswersRequests => false;

    public override PreparedCall Prepare(JsonElement? parameters) =>
        new Call(handler, ParamsBinder.Bind(parameters, notification.ParamsType, notification.ParameterOrder, notification.Name));

    private sealed class Call(Func<TParams, CancellationToken, ValueTask> handler, TParams parameters) : PreparedCall
    {
        public override Task<PooledBufferWriter> RespondAsync(JsonRpcId id, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A notification handler does not answer requests");

        public override Task RunAsync(CancellationToken cancellationToken) => handler(parameters, cancellationToken).AsTask();
    }
}

/// <summary>A handler's result could not be serialized: our failure, not the method's (-32603).</summary>
internal sealed class ResultSerializationException(string method, Exception innerException)
    : Exception($"Internal error: the result of '{method}' could not be serialized: {innerException.Message}", innerException);
