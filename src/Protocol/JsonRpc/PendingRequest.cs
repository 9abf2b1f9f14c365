using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>One of our requests waiting for its response.</summary>
internal abstract class PendingRequest(string method)
{
    public string Method => method;

    /// <summary>Completes with the result; deserialization happens here, on the reading loop, while the document is alive.</summary>
    public abstract void Complete(JsonElement result);

    public abstract void Fail(Exception exception);
}

internal sealed class PendingRequest<T>(string method, JsonTypeInfo<T> resultType) : PendingRequest(method)
{
    // Continuations run on the thread pool, never inline on the reading loop, so a caller that
    // blocks after its await cannot stall every other message.
    private readonly TaskCompletionSource<T> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _response.Task;

    public override void Complete(JsonElement result)
    {
        try
        {
            T? value = result.Deserialize(resultType);
            if (value is null)
                _response.TrySetException(new JsonRpcProtocolException($"'{Method}' returned null where a result was expected"));
            else
                _response.TrySetResult(value);
        }
        catch (JsonException exception)
        {
            _response.TrySetException(new JsonRpcProtocolException($"'{Method}' returned a result of the wrong shape: {exception.Message}", exception));
        }
    }

    public override void Fail(Exception exception) => _response.TrySetException(exception);
}
