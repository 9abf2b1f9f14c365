using Wasmbox.Engine.Runtime.ResourceLimits;

namespace Wasmbox.Daemon.Instances;

/// <summary>
/// The linear-memory pages one session may hold across all its instances. Every memory the session
/// creates asks it before growing (its initial pages included) and gives its pages back when its
/// instance is disposed. Asked from the session's executor and freed from wherever an instance is
/// disposed, so it counts with atomic operations.
/// </summary>
internal sealed class SessionMemoryBudget(long maximumPages) : IMemoryLimiter
{
    private long _usedPages;

    public long MaximumPages { get; } = maximumPages;

    public long UsedPages => Interlocked.Read(ref _usedPages);

    public bool MemoryGrowing(uint currentPages, uint desiredPages)
    {
        long delta = (long)desiredPages - currentPages;
        while (true)
        {
            long used = Interlocked.Read(ref _usedPages);
            if (used + delta > MaximumPages) return false;
            if (Interlocked.CompareExchange(ref _usedPages, used + delta, used) == used) return true;
        }
    }

    public void MemoryReleased(uint pages) => Interlocked.Add(ref _usedPages, -(long)pages);
}
