using System.Buffers.Binary;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Wasi.Memory;

/// <summary>
/// A guest's array of <c>iovec</c>/<c>ciovec</c> records, checked as a whole before any IO happens:
/// either every buffer it names lies inside memory, or the call fails with <c>fault</c> and no
/// bytes move.
/// </summary>
internal readonly ref struct IoVectors
{
    /// <summary>
    /// The most bytes one call moves (Linux's own cap for read and write). Keeps totals within the
    /// u32 the guest gets back and every buffer within what a span can hold; a shorter transfer
    /// than asked is always allowed.
    /// </summary>
    public const uint MaxTransfer = 0x7FFFF000;

    private readonly IGuestMemory _memory;
    private readonly Span<byte> _records;

    private IoVectors(IGuestMemory memory, Span<byte> records)
    {
        _memory = memory;
        _records = records;
    }

    public int Count => _records.Length / Layouts.IoVec.Size;

    /// <summary>Reads and validates the array at <paramref name="pointer"/> of <paramref name="count"/> records.</summary>
    public static Errno TryRead(IGuestMemory memory, uint pointer, uint count, out IoVectors vectors)
    {
        vectors = default;
        var tableBytes = (ulong)count * Layouts.IoVec.Size;
        if (tableBytes > uint.MaxValue || !memory.TryGetSpan(pointer, (uint)tableBytes, out var records)) return Errno.Fault;

        vectors = new IoVectors(memory, records);
        for (var i = 0; i < vectors.Count; i++)
        {
            var (buffer, length) = vectors.Record(i);
            if (!memory.Contains(buffer, length)) return Errno.Fault;
        }

        return Errno.Success;
    }

    /// <summary>
    /// Buffer <paramref name="index"/>, cut to at most <paramref name="budget"/> bytes (what is
    /// left of <see cref="MaxTransfer"/>). Always succeeds once <see cref="TryRead"/> has.
    /// </summary>
    public Span<byte> Buffer(int index, uint budget)
    {
        var (pointer, length) = Record(index);
        _memory.TryGetSpan(pointer, Math.Min(length, budget), out var span);
        return span;
    }

    private (uint Pointer, uint Length) Record(int index)
    {
        var record = _records.Slice(index * Layouts.IoVec.Size, Layouts.IoVec.Size);
        return (BinaryPrimitives.ReadUInt32LittleEndian(record[Layouts.IoVec.Buf..]),
                BinaryPrimitives.ReadUInt32LittleEndian(record[Layouts.IoVec.BufLen..]));
    }
}
