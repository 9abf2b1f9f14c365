namespace Wasmbox.Engine.Runtime;

/// <summary>
/// Stops a guest that runs too long. When the time is up, a timer raises the running thread's stack
/// limit to the top of the address space, so the check every function prologue and loop header
/// already makes (rsp against the limit) fails at the next one: the guest stops within a loop
/// iteration, at no cost while the deadline has not passed. The trap that follows is reported as
/// "deadline exceeded", not as a stack overflow.
/// </summary>
internal sealed unsafe class Deadline : IDisposable
{
    private readonly ExecutionState* _state;
    private readonly Timer _timer;
    private int _fired;

    private Deadline(ExecutionState* state, TimeSpan after)
    {
        _state = state;
        _timer = new Timer(_ => Fire(), null, after, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Arms a deadline for the calling thread's guest code, or returns null for none.</summary>
    public static Deadline? Start(TimeSpan? after) =>
        after is { } time ? new Deadline(ThreadExecution.Current, time) : null;

    /// <summary>Whether the deadline passed (and so a stack-limit trap was really the deadline).</summary>
    public bool Expired => Volatile.Read(ref _fired) != 0;

    private void Fire()
    {
        Volatile.Write(ref _fired, 1);
        Volatile.Write(ref _state->StackLimit, ulong.MaxValue);
    }

    public void Dispose()
    {
        // Wait for a callback in flight, so the limit is restored after it, never before.
        using (var done = new ManualResetEvent(false))
        {
            if (_timer.Dispose(done)) done.WaitOne();
        }

        Volatile.Write(ref _state->StackLimit, _state->RealStackLimit);
    }
}
