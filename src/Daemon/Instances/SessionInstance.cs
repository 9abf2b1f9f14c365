using Wasmbox.Engine.Runtime;

namespace Wasmbox.Daemon.Instances;

/// <summary>
/// One instance of a session, with the host functions it imports from the client and its default
/// deadline. Everything here runs on the session's executor thread.
/// </summary>
/// <remarks>
/// Disposal waits for calls in progress: a dispose request can run while a host call of this very
/// instance is waiting (the executor pumps queued work), and freeing the instance then would pull
/// its code and memory out from under the frames below. So dispose interrupts the calls (their guest
/// code and their waits) and the instance is freed when the outermost call has unwound.
/// </remarks>
internal sealed class SessionInstance
{
    private readonly Instance _instance;
    private readonly IDisposable _imports;
    private readonly CancellationTokenSource _disposing = new();
    private int _activeCalls;
    private bool _disposeRequested;
    private bool _disposed;

    public SessionInstance(string id, Instance instance, IDisposable imports, TimeSpan defaultDeadline)
    {
        Id = id;
        _instance = instance;
        _imports = imports;
        DefaultDeadline = defaultDeadline;
        Module = instance.Module;
    }

    /// <summary>The module's description (immutable, so readable from any thread).</summary>
    public Wasmbox.Engine.Binary.WasmModule Module { get; }

    public string Id { get; }

    public TimeSpan DefaultDeadline { get; }

    /// <summary>Cancelled once disposal was asked for: stops this instance's running guest code and ends its host-call waits.</summary>
    public CancellationToken Disposing => _disposing.Token;

    /// <summary>The engine's instance, for a call or access that has checked <see cref="IsUsable"/>.</summary>
    public Instance Engine => _disposeRequested ? throw new ObjectDisposedException(Id) : _instance;

    public bool IsUsable => !_disposeRequested;

    /// <summary>Runs a guest call, keeping the instance alive until it (and any nested call) returns.</summary>
    public T Enter<T>(Func<Instance, T> call)
    {
        var instance = Engine;
        _activeCalls++;
        try
        {
            return call(instance);
        }
        finally
        {
            if (--_activeCalls == 0 && _disposeRequested) Free();
        }
    }

    /// <summary>
    /// Stops the instance's running calls (guest code and host-call waits alike) ahead of
    /// <see cref="Dispose"/>. The one method that may run off the executor: a dispose request calls
    /// it before queueing behind the very call it stops.
    /// </summary>
    public void Interrupt() => _disposing.Cancel();

    /// <summary>Frees the instance now, or when its last running call ends.</summary>
    public void Dispose()
    {
        _disposeRequested = true;
        _disposing.Cancel();
        if (_activeCalls == 0) Free();
    }

    private void Free()
    {
        if (_disposed) return;
        _disposed = true;
        _instance.Dispose();
        _imports.Dispose();
        _disposing.Dispose();
    }
}
