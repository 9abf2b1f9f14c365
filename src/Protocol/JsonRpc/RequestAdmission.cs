namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// Decides when the reading loop may take on the peer's next request: not while more than
/// <see cref="JsonRpcConnectionOptions.MaxUnsentOutputBytes"/> of output waits for the peer to read
/// it, nor while <see cref="JsonRpcConnectionOptions.MaxConcurrentRequests"/> requests are in flight.
/// This is what bounds a connection's memory: without it a peer that sends requests and never reads
/// the answers makes the connection hold every answer.
/// </summary>
/// <remarks>
/// Only requests wait; responses to our own requests never do. The request limit rises by the number
/// of our own requests outstanding, since a handler that waits for the peer's answer to one of them
/// must not keep the reading loop from reading that answer. One waiter at most: the reading loop.
/// </remarks>
internal sealed class RequestAdmission(JsonRpcConnectionOptions options, InFlightRequests inFlight, Func<int> outstandingOwnRequests)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _waiter;
    private long _unsentBytes;
    private long _peakUnsentBytes;

    /// <summary>Bytes handed to the writer and not yet taken by the stream.</summary>
    public long UnsentBytes => Interlocked.Read(ref _unsentBytes);

    /// <summary>The most <see cref="UnsentBytes"/> has been.</summary>
    public long PeakUnsentBytes => Interlocked.Read(ref _peakUnsentBytes);

    public bool MayAdmit
    {
        get
        {
            if (Interlocked.Read(ref _unsentBytes) > options.MaxUnsentOutputBytes)
                return false;
            // Counting our own requests takes every lock of their dictionary: only when it matters.
            int running = inFlight.Count;
            return running < options.MaxConcurrentRequests
                || running < (long)options.MaxConcurrentRequests + outstandingOwnRequests();
        }
    }

    public void OutputQueued(int bytes)
    {
        long unsent = Interlocked.Add(ref _unsentBytes, bytes);
        long peak = Interlocked.Read(ref _peakUnsentBytes);
        while (unsent > peak)
        {
            long seen = Interlocked.CompareExchange(ref _peakUnsentBytes, unsent, peak);
            if (seen == peak)
                break;
            peak = seen;
        }
    }

    public void OutputSent(int bytes)
    {
        Interlocked.Add(ref _unsentBytes, -bytes);
        Changed();
    }

    /// <summary>Something a waiting reading loop may be waiting for has changed: let it look again.</summary>
    public void Changed()
    {
        if (Volatile.Read(ref _waiter) is null)
            return;
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            waiter = _waiter;
            _waiter = null;
        }
        waiter?.TrySetResult();
    }

    /// <summary>Completes once a request may be taken on (at once, almost always).</summary>
    public ValueTask WaitAsync(CancellationToken cancellation) =>
        MayAdmit ? ValueTask.CompletedTask : WaitSlowAsync(cancellation);

    private async ValueTask WaitSlowAsync(CancellationToken cancellation)
    {
        while (true)
        {
            TaskCompletionSource waiter;
            lock (_lock)
                waiter = _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // Looked at after registering, so a change between the look and the wait still wakes us.
            if (MayAdmit)
                return;
            await waiter.Task.WaitAsync(cancellation).ConfigureAwait(false);
        }
    }
}
