using System.Runtime.InteropServices;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime.Native;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// A table of references. Elements live in native memory as 8-byte values: a funcref is the address
/// of a FuncRef entry (0 for null), an externref a host handle (0 for null). JIT code reaches the
/// elements through the table's descriptor, so growing may move them.
/// </summary>
public sealed unsafe class Table : IDisposable
{
    /// <summary>Upper bound on elements whatever the declared maximum: ten million, as V8 allows.</summary>
    public const uint MaxElements = 10_000_000;

    private readonly NativeBlock _descriptor = new(TableLayout.Size);
    private readonly object _gate = new();

    /// <summary>The element array, also kept here so the finalizer can free it without touching the descriptor.</summary>
    private ulong* _elements;

    public Table(TableType type, ulong initialValue = 0)
    {
        Type = type;
        if (type.Limits.Min > MaxElements) throw new InvalidOperationException($"a table of {type.Limits.Min} elements exceeds the limit of {MaxElements}");
        _elements = (ulong*)NativeMemory.AllocZeroed(Math.Max(1, type.Limits.Min), sizeof(ulong));
        Descriptor->Elements = _elements;
        Descriptor->Count = type.Limits.Min;
        new Span<ulong>(Descriptor->Elements, (int)type.Limits.Min).Fill(initialValue);
    }

    public TableType Type { get; }

    internal TableDescriptor* Descriptor => (TableDescriptor*)_descriptor.Address;

    public uint Count => Descriptor->Count;

    /// <summary>Objects wasm keeps references to through this table (host handles, other instances' functions).</summary>
    internal List<object> Keepalive { get; } = [];

    internal Span<ulong> Elements => new(Descriptor->Elements, (int)Descriptor->Count);

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="value"/>; returns the old size, or -1.</summary>
    public long Grow(uint delta, ulong value)
    {
        lock (_gate)
        {
            uint old = Descriptor->Count;
            ulong target = (ulong)old + delta;
            if (target > (Type.Limits.Max ?? uint.MaxValue) || target > MaxElements) return -1;
            if (delta == 0) return old;
            var grown = (ulong*)NativeMemory.Realloc(Descriptor->Elements, (nuint)(target * sizeof(ulong)));
            if (grown is null) return -1;
            new Span<ulong>(grown + old, (int)delta).Fill(value);
            _elements = grown;
            Descriptor->Elements = grown;
            Descriptor->Count = (uint)target;
            return old;
        }
    }

    public void Dispose()
    {
        FreeElements();
        _descriptor.Dispose();
        GC.SuppressFinalize(this);
    }

    ~Table() => FreeElements();

    private void FreeElements()
    {
        var elements = _elements;
        _elements = null;
        if (elements != null) NativeMemory.Free(elements);
    }
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct TableDescriptor
{
    public ulong* Elements;
    public uint Count;
    public uint Reserved;
}

internal static class TableLayout
{
    public const int Elements = 0;
    public const int Count = 8;
    public const int Size = 16;
}
