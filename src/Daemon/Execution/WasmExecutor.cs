using System.Collections.Concurrent;

namespace Wasmbox.Daemon.Execution;

/// <summary>
/// A thread with a large stack that runs one session's wasm code, one work item at a time.
/// Host functions served by the client block this thread while the client answers; meanwhile the
/// client may call back into the same instance (re-entrancy), so a blocked host call keeps running
/// the queue's work on this same thread — nested, as a direct call would be — until its answer
/// arrives. No work item ever waits for another that is stuck behind it, so there is no deadlock.
/// </summary>
public sealed class WasmExecutor : IDisposable
{
    /// <summary>The guest's stack: deep recursion ends in a trap long before this is used up.</summary>
    public const int StackBytes = 64 << 20;

    private readonly ConcurrentQueue<Action> _work = new();

    /// <summary>Released once per queued item and whenever a pumping wait may be over.</summary>
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Thread _thread;
    private volatile bool _disposed;

    public WasmExecutor(string name)
    {
        _thread = new Thread(Loop, StackBytes) { Name = name, IsBackground = true };
        _thread.Start();
    }

    /// <summary>Whether the caller is this executor's thread (then work runs inline, not queued and awaited).</summary>
    public bool IsCurrentThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    /// <summary>Runs <paramref name="work"/> on the executor's thread.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        // Synchronous continuations, but Complete decides where they run.
        var completion = new TaskCompletionSource<T>();
        if (IsCurrentThread)
        {
            Complete(completion, work);
        }
        else if (_disposed)
        {
            completion.SetException(new ObjectDisposedException(nameof(WasmExecutor)));
        }
        else
        {
            _work.Enqueue(() => Complete(completion, work));
            _signal.Release();
        }

        return completion.Task;
    }

    /// <summary>
    /// Called on the executor's thread (inside a host function) to wait for <paramref name="pending"/>,
    /// running queued work meanwhile. Cancellation ends the wait with OperationCanceledException.
    /// </summary>
    public T WaitPumping<T>(Task<T> pending, CancellationToken cancellation)
    {
        if (!IsCurrentThread) throw new InvalidOperationException("WaitPumping runs on the executor's own thread");
        pending.ContinueWith(_ => _signal.Release(), TaskScheduler.Default);
        using var wake = cancellation.Register(() => _signal.Release());
        while (!pending.IsCompleted)
        {
            cancellation.ThrowIfCancellationRequested();
            _signal.Wait();
            if (cancellation.IsCancellationRequested)
            {
                // Leave queued work to the loop below this wait: started here, it would run nested
                // inside a call that is being stopped, and be stopped with it. The signal just taken
                // may have been that work's, so give it back.
                _signal.Release();
                cancellation.ThrowIfCancellationRequested();
            }

            if (_work.TryDequeue(out var item)) item();
        }

        return pending.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Runs <paramref name="work"/> and completes its task. The code awaiting it (typically: write
    /// the response) runs right here when nothing else is queued, which saves waking a pool thread
    /// for it; when work is waiting, on the pool, so that the next guest call starts at once and the
    /// response is written alongside it.
    /// </summary>
    private void Complete<T>(TaskCompletionSource<T> completion, Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        try
        {
            result = work();
        }
        catch (Exception e)
        {
            failure = e;
        }

        if (_work.IsEmpty)
            Finish(completion, result, failure);
        else
            ThreadPool.UnsafeQueueUserWorkItem(_ => Finish(completion, result, failure), null);
    }

    private static void Finish<T>(TaskCompletionSource<T> completion, T result, Exception? failure)
    {
        if (failure is null)
            completion.SetResult(result);
        else
            completion.SetException(failure);
    }

    private void Loop()
    {
        while (true)
        {
            _signal.Wait();
            if (_work.TryDequeue(out var item)) item();
            else if (_disposed) return;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _signal.Release();
    }
}
