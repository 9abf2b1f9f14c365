namespace Wasmbox.Engine.Runtime.Interrupts;

/// <summary>
/// The guest calls in progress on one thread that something can interrupt (a deadline or a
/// cancellation token), outermost first, and the stack limit they share through the thread's
/// <see cref="ExecutionState"/>. Interrupting a call raises the limit to the top of the address
/// space, so the guest traps at its next function prologue or loop header.
/// </summary>
/// <remarks>
/// Calls nest (host → wasm → host → wasm), and the frames of an interrupted outer call lie below
/// those of any call inside it: the outer one can only unwind once the inner one has. So the limit
/// stays raised while any interrupted call is still in progress, and a call stopped that way reports
/// the enclosing call's reason rather than a stack overflow. Timers and cancellation callbacks run
/// on other threads, so every change is made under one lock, and an interrupt that arrives after
/// its call ended changes nothing.
/// </remarks>
internal sealed unsafe class InterruptibleCalls
{
    [ThreadStatic]
    private static InterruptibleCalls? _current;

    /// <summary>The thread's state; alive while any call is in progress on the thread, which is the only time it is written.</summary>
    private readonly ExecutionState* _state;
    private readonly Lock _lock = new();
    private readonly List<InterruptibleCall> _calls = [];

    private InterruptibleCalls(ExecutionState* state) => _state = state;

    /// <summary>The calling thread's calls.</summary>
    public static InterruptibleCalls Current => _current ??= new InterruptibleCalls(ThreadExecution.Current);

    /// <summary>
    /// Registers a call about to enter wasm on this thread and arms its deadline and cancellation;
    /// null when it has neither (nothing can interrupt it, though an enclosing call still can).
    /// Dispose the result when the call has returned.
    /// </summary>
    public InterruptibleCall? Begin(TimeSpan? deadline, CancellationToken cancellation)
    {
        if (deadline is null && !cancellation.CanBeCanceled) return null;
        var call = new InterruptibleCall(this);
        lock (_lock) _calls.Add(call);

        // Armed only once registered: a token already cancelled interrupts at once, and the guest
        // stops at its first check.
        call.Arm(deadline, cancellation);
        return call;
    }

    /// <summary>
    /// Why the guest of <paramref name="call"/> (null: a call that registered nothing) was stopped, if
    /// it was: its own interrupt, else that of the innermost interrupted call around it.
    /// <see cref="TrapKind.None"/> when nothing interrupted it (a stack-limit trap is then a real
    /// overflow); <paramref name="own"/> tells whether the reason is the call's own.
    /// </summary>
    public TrapKind ReasonFor(InterruptibleCall? call, out bool own)
    {
        lock (_lock)
        {
            own = call is { Reason: not TrapKind.None };
            if (own) return call!.Reason;

            // Every other call still registered on this thread is outside this one.
            for (int i = _calls.Count - 1; i >= 0; i--)
            {
                if (_calls[i].Reason != TrapKind.None) return _calls[i].Reason;
            }

            return TrapKind.None;
        }
    }

    internal void Interrupt(InterruptibleCall call, TrapKind reason)
    {
        lock (_lock)
        {
            // First reason wins; a call that has ended is no longer anyone's to stop.
            if (call.Reason != TrapKind.None || !_calls.Contains(call)) return;
            call.Reason = reason;
            Volatile.Write(ref _state->StackLimit, ulong.MaxValue);
        }
    }

    internal void End(InterruptibleCall call)
    {
        lock (_lock)
        {
            _calls.Remove(call);
            bool enclosingInterrupted = _calls.Exists(c => c.Reason != TrapKind.None);
            Volatile.Write(ref _state->StackLimit, enclosingInterrupted ? ulong.MaxValue : _state->RealStackLimit);
        }
    }
}
