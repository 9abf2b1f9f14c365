using System.Buffers.Binary;

namespace Wasmbox.Engine.Wasi.Memory;

/// <summary>
/// Little-endian scalar reads and writes at guest pointers. Each returns false (the caller answers
/// <c>errno.fault</c>) when the bytes are not all inside the memory. Pointers need no alignment:
/// wasm loads and stores do not require it either.
/// </summary>
internal static class GuestMemoryAccess
{
    public static bool TryReadUInt32(this IGuestMemory memory, uint pointer, out uint value)
    {
        if (!memory.TryGetSpan(pointer, 4, out var span))
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(span);
        return true;
    }

    public static bool TryWriteUInt32(this IGuestMemory memory, uint pointer, uint value)
    {
        if (!memory.TryGetSpan(pointer, 4, out var span)) return false;
        BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        return true;
    }

    public static bool TryWriteUInt64(this IGuestMemory memory, uint pointer, ulong value)
    {
        if (!memory.TryGetSpan(pointer, 8, out var span)) return false;
        BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        return true;
    }

    /// <summary>Copies <paramref name="bytes"/> to the guest; false if they do not fit.</summary>
    public static bool TryWrite(this IGuestMemory memory, uint pointer, ReadOnlySpan<byte> bytes)
    {
        if (!memory.TryGetSpan(pointer, (uint)bytes.Length, out var span)) return false;
        bytes.CopyTo(span);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="length"/> bytes at <paramref name="pointer"/> are inside the memory.
    /// Functions with side effects check their result pointers with this first, so a bad pointer
    /// fails the call before anything happens rather than after (a read whose data is then lost,
    /// a file opened whose descriptor cannot be returned).
    /// </summary>
    public static bool Contains(this IGuestMemory memory, uint pointer, ulong length) =>
        (ulong)pointer + length <= memory.Size;
}
