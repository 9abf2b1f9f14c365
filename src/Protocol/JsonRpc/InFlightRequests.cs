namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// Counts incoming requests whose handlers are still running, so that a connection whose peer has
/// stopped sending can still answer everything it was asked before closing.
/// </summary>
internal sealed class InFlightRequests
{
    private readonly Lock _lock = new();
    private int _count;
    private TaskCompletionSource? _drained;

    /// <summary>Called after each exit, outside the lock.</summary>
    public Action? Exited { get; set; }

    public int Count => Volatile.Read(ref _count);

    public void Enter()
    {
        lock (_lock)
            _count++;
    }

    public void Exit()
    {
        lock (_lock)
        {
            if (--_count == 0)
                _drained?.TrySetResult();
        }
        Exited?.Invoke();
    }

    public Task WhenDrained()
    {
        lock (_lock)
        {
            if (_count == 0)
                return Task.CompletedTask;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }
}
