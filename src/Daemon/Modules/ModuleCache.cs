using System.Security.Cryptography;
using Wasmbox.Engine.Runtime;

namespace Wasmbox.Daemon.Modules;

/// <summary>
/// Compiled modules by the SHA-256 of their bytes, shared by every session of one daemon, so a client
/// that compiles a module the daemon has seen before (the same program run again) skips decoding,
/// validation and compilation. A compiled module is immutable and every instance has its own state,
/// so sharing one between sessions shares nothing a guest can change.
/// </summary>
/// <remarks>
/// Each session's module handle holds a reference (a <see cref="ModuleLease"/>). A referenced entry
/// always stays; an unreferenced one stays while the cache is within <see cref="CapacityBytes"/>
/// (wasm bytes plus machine code), the least recently used going first. Dropping an entry only drops
/// the cache's reference: instances keep their compiled module alive by themselves.
/// </remarks>
internal sealed class ModuleCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    // Unreferenced entries, least recently used first.
    private readonly LinkedList<Entry> _idle = new();
    private long _bytes;

    public ModuleCache(long capacityBytes) => CapacityBytes = Math.Max(0, capacityBytes);

    public long CapacityBytes { get; }

    /// <summary>Entries held, referenced or not.</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>Wasm bytes plus machine code of the entries held.</summary>
    public long Bytes
    {
        get { lock (_gate) return _bytes; }
    }

    /// <summary>
    /// The compiled module for <paramref name="bytes"/>, compiled with <paramref name="compile"/> only
    /// when the cache does not hold it. Sessions asking for the same bytes at once share one compile.
    /// A compile that throws is not cached: the exception goes to every caller that waited for it.
    /// </summary>
    public ModuleLease Acquire(ReadOnlyMemory<byte> bytes, Func<ReadOnlyMemory<byte>, CompiledModule> compile)
    {
        string key = Convert.ToHexString(SHA256.HashData(bytes.Span));
        Entry entry;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var held))
            {
                entry = held;
                if (entry.IdleNode is { } node)
                {
                    _idle.Remove(node);
                    entry.IdleNode = null;
                }
            }
            else
            {
                entry = new Entry(key, new Lazy<CompiledModule>(() => compile(bytes), LazyThreadSafetyMode.ExecutionAndPublication));
                _entries.Add(key, entry);
            }
            entry.References++;
        }

        CompiledModule module;
        try
        {
            module = entry.Compiled.Value;
        }
        catch
        {
            lock (_gate)
            {
                entry.References--;
                if (_entries.TryGetValue(key, out var current) && current == entry) _entries.Remove(key);
            }
            throw;
        }

        lock (_gate)
        {
            // The first caller back from the compile counts the entry's size. (A referenced entry is
            // never evicted, and only a failed compile removes one, so it is still in the table.)
            if (!entry.Counted)
            {
                entry.Counted = true;
                entry.Size = bytes.Length + (long)module.CodeLength;
                _bytes += entry.Size;
                EvictIdle();
            }
        }
        return new ModuleLease(this, entry, module);
    }

    /// <summary>Called once per lease: the last release makes the entry evictable.</summary>
    internal void Release(Entry entry)
    {
        lock (_gate)
        {
            entry.References--;
            if (entry.References > 0 || !_entries.TryGetValue(entry.Key, out var current) || current != entry) return;
            entry.IdleNode = _idle.AddLast(entry);
            EvictIdle();
        }
    }

    private void EvictIdle()
    {
        while (_bytes > CapacityBytes && _idle.First is { } oldest)
        {
            _idle.RemoveFirst();
            var entry = oldest.Value;
            entry.IdleNode = null;
            _entries.Remove(entry.Key);
            _bytes -= entry.Size;
        }
    }

    internal sealed class Entry(string key, Lazy<CompiledModule> compiled)
    {
        public string Key { get; } = key;
        public Lazy<CompiledModule> Compiled { get; } = compiled;

        // Guarded by the cache's lock.
        public int References { get; set; }
        public bool Counted { get; set; }
        public long Size { get; set; }
        public LinkedListNode<Entry>? IdleNode { get; set; }
    }
}
