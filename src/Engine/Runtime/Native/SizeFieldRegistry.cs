namespace Wasmbox.Engine.Runtime.Native;

/// <summary>
/// The native <c>ulong</c> fields that mirror a memory's byte size: JIT code bounds-checks against
/// a copy in its execution context instead of chasing a pointer to the memory, so every copy must
/// be rewritten when the memory grows. Not thread-safe: <see cref="LinearMemory"/> calls it under
/// its grow lock.
/// </summary>
internal sealed class SizeFieldRegistry
{
    /// <summary>
    /// A field is either a raw address (<see cref="Owner"/> null) or an offset into a
    /// <see cref="NativeBlock"/>; the block form keeps the block alive and is skipped once the block
    /// is disposed, so a forgotten unregistration cannot turn into a write to freed memory.
    /// </summary>
    private readonly record struct Field(NativeBlock? Owner, nint AddressOrOffset);

    private readonly List<Field> _fields = [];

    // Parameter names match LinearMemory's public ones, since argument exceptions pass through.
    public unsafe void Add(ulong* field, ulong currentSize)
    {
        ArgumentNullException.ThrowIfNull(field);
        if ((nint)field % sizeof(ulong) != 0)
        {
            throw new ArgumentException($"size field 0x{(nint)field:x} is not 8-byte aligned, so JIT reads of it could tear", nameof(field));
        }

        AddNew(new Field(null, (nint)field), nameof(field));
        *field = currentSize;
    }

    public void Add(NativeBlock block, int offset, ulong currentSize)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (offset < 0 || (nuint)offset + sizeof(ulong) > block.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"an 8-byte size field at offset {offset} does not fit in a block of {block.Size} bytes");
        }

        if (offset % sizeof(ulong) != 0)
        {
            throw new ArgumentException($"size field offset {offset} is not 8-byte aligned, so JIT reads of it could tear", nameof(offset));
        }

        if (!block.TryWrite(offset, currentSize)) throw new ObjectDisposedException(nameof(NativeBlock));
        AddNew(new Field(block, offset), nameof(block));
    }

    public unsafe bool Remove(ulong* field) => _fields.Remove(new Field(null, (nint)field));

    public bool Remove(NativeBlock block, int offset) => _fields.Remove(new Field(block, offset));

    /// <summary>Writes <paramref name="size"/> to every field, dropping fields whose block has been freed.</summary>
    public unsafe void Publish(ulong size)
    {
        _fields.RemoveAll(field =>
        {
            if (field.Owner is { } owner) return !owner.TryWrite((int)field.AddressOrOffset, size);
            Volatile.Write(ref *(ulong*)field.AddressOrOffset, size);
            return false;
        });
    }

    public void Clear() => _fields.Clear();

    private void AddNew(Field field, string parameterName)
    {
        if (_fields.Contains(field)) throw new ArgumentException("this size field is already registered", parameterName);
        _fields.Add(field);
    }
}
