namespace Wasmbox.Engine.Runtime.ResourceLimits;

/// <summary>
/// The embedder's say over linear memory: asked before every growth of a memory created with it
/// (its initial allocation included) and told when pages are given back, so it can keep a total
/// across many memories. Called from whatever thread grows the memory (the guest's, inside
/// <c>memory.grow</c>), under that memory's lock: it must be quick, thread-safe and must not touch
/// the memory itself.
/// </summary>
public interface IMemoryLimiter
{
    /// <summary>
    /// Whether a memory of <paramref name="currentPages"/> pages may become <paramref name="desiredPages"/>
    /// pages. A yes reserves the difference until <see cref="MemoryReleased"/> gives it back; a no
    /// makes <c>memory.grow</c> return -1 (or, for the initial size, fails instantiation). Throwing
    /// traps the guest that asked.
    /// </summary>
    bool MemoryGrowing(uint currentPages, uint desiredPages);

    /// <summary><paramref name="pages"/> that were allowed are free again: the memory was disposed, or the kernel refused to commit them.</summary>
    void MemoryReleased(uint pages);
}
