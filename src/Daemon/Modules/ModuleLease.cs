using Wasmbox.Engine.Runtime;

namespace Wasmbox.Daemon.Modules;

/// <summary>One reference to a <see cref="ModuleCache"/> entry: the entry cannot be evicted until it is disposed.</summary>
internal sealed class ModuleLease : IDisposable
{
    private readonly ModuleCache _cache;
    private readonly ModuleCache.Entry _entry;
    private int _released;

    internal ModuleLease(ModuleCache cache, ModuleCache.Entry entry, CompiledModule module)
    {
        _cache = cache;
        _entry = entry;
        Module = module;
    }

    public CompiledModule Module { get; }

    /// <summary>Releases the reference; later calls do nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) _cache.Release(_entry);
    }
}
