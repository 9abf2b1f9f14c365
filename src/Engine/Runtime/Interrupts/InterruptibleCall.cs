namespace Wasmbox.Engine.Runtime.Interrupts;

/// <summary>
/// One guest call that a deadline or a cancellation token can interrupt: the timer and the token
/// registration that do it, and the reason once one has. Made by <see cref="InterruptibleCalls.Begin"/>.
/// </summary>
internal sealed class InterruptibleCall : IDisposable
{
    private readonly InterruptibleCalls _owner;
    private Timer? _timer;
    private CancellationTokenRegistration _registration;

    internal InterruptibleCall(InterruptibleCalls owner) => _owner = owner;

    /// <summary><see cref="TrapKind.DeadlineExceeded"/>, <see cref="TrapKind.Interrupted"/>, or None while it runs on. Written under the owner's lock.</summary>
    internal TrapKind Reason { get; set; }

    internal void Arm(TimeSpan? deadline, CancellationToken cancellation)
    {
        if (deadline is { } after)
        {
            _timer = new Timer(static self => ((InterruptibleCall)self!).Fire(TrapKind.DeadlineExceeded), this, after, Timeout.InfiniteTimeSpan);
        }

        if (cancellation.CanBeCanceled)
        {
            _registration = cancellation.UnsafeRegister(static self => ((InterruptibleCall)self!).Fire(TrapKind.Interrupted), this);
        }
    }

    private void Fire(TrapKind reason) => _owner.Interrupt(this, reason);

    /// <summary>The call has returned: disarms it and restores the limit (unless an enclosing call was interrupted).</summary>
    public void Dispose()
    {
        // A callback still in flight after this finds the call gone and changes nothing.
        _timer?.Dispose();
        _registration.Dispose();
        _owner.End(this);
    }
}
