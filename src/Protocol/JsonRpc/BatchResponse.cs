namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// Collects the responses to one batch and sends them as one array once the last request has
/// answered. Notifications add nothing; a batch of nothing but notifications sends nothing at all.
/// </summary>
internal sealed class BatchResponse(MessageWriter writer)
{
    private readonly List<PooledBufferWriter> _responses = [];

    // One for the dispatching itself, so the batch cannot complete while requests are still being read.
    private int _outstanding = 1;

    /// <summary>A request of the batch started; its response will come through <see cref="CompleteOneAsync"/>.</summary>
    public void Expect() => Interlocked.Increment(ref _outstanding);

    /// <summary>A response known at once (an invalid entry, an unknown method).</summary>
    public void Add(PooledBufferWriter response)
    {
        lock (_responses)
            _responses.Add(response);
    }

    public Task CompleteOneAsync(PooledBufferWriter response)
    {
        Add(response);
        return ReleaseAsync();
    }

    /// <summary>Every entry of the batch has been dispatched.</summary>
    public Task DispatchedAllAsync() => ReleaseAsync();

    private Task ReleaseAsync()
    {
        if (Interlocked.Decrement(ref _outstanding) != 0)
            return Task.CompletedTask;
        lock (_responses)
        {
            if (_responses.Count == 0)
                return Task.CompletedTask;
            return writer.WriteAsync(MessageSerializer.Batch(_responses));
        }
    }
}
