using System.Collections.Concurrent;
using Wasmbox.Protocol.Contract;

namespace Wasmbox.Daemon.Sessions;

/// <summary>
/// The objects one session made, by the opaque ids it was given ("m1", "i3"). Ids are never reused
/// within a session, so a stale id is NotFound rather than someone else's object. Once the session
/// ends the table is closed: whatever a request still in progress makes after that is not taken,
/// so it is freed by its maker instead of being held by a table nobody empties again.
/// </summary>
internal sealed class HandleTable<T> where T : class
{
    private readonly ConcurrentDictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Lock _closing = new();
    private readonly string _prefix;
    private readonly string _what;
    private readonly int _capacity;
    private long _lastId;
    private bool _closed;

    public HandleTable(string prefix, string what, int capacity)
    {
        _prefix = prefix;
        _what = what;
        _capacity = capacity;
    }

    /// <summary>A fresh id, refused when the session already holds as many as it may.</summary>
    public string NewId()
    {
        if (_items.Count >= _capacity)
            throw WasmboxErrors.Create(WasmboxErrorTypes.LimitExceeded, $"a session may hold at most {_capacity} {_what}s");
        return _prefix + Interlocked.Increment(ref _lastId).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Takes <paramref name="item"/> under <paramref name="id"/>; false once the table is closed (the caller then frees it).</summary>
    public bool TryAdd(string id, T item)
    {
        lock (_closing)
        {
            if (_closed) return false;
            _items[id] = item;
            return true;
        }
    }

    public T Get(string id) =>
        _items.TryGetValue(id, out var item) ? item : throw WasmboxErrors.NotFound($"no {_what} '{id}' in this session");

    public T Remove(string id) =>
        _items.TryRemove(id, out var item) ? item : throw WasmboxErrors.NotFound($"no {_what} '{id}' in this session");

    /// <summary>Empties the table for good, handing back everything it held.</summary>
    public List<T> Close()
    {
        lock (_closing)
        {
            _closed = true;
            var all = new List<T>();
            foreach (var id in _items.Keys)
            {
                if (_items.TryRemove(id, out var item)) all.Add(item);
            }
            return all;
        }
    }
}
