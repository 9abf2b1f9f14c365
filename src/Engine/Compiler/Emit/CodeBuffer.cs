using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>
/// The one growable byte buffer a module's machine code is written into. Offsets in it are the
/// code's addresses: everything the JIT emits is position independent, so the finished bytes can be
/// copied anywhere (the code-memory component copies them into RW pages and flips them to RX).
/// </summary>
/// <remarks>
/// Iced's <see cref="Encoder"/> writes through <see cref="WriteByte"/> one byte at a time, so that
/// path is kept to a bounds check and a store. A compiler keeps one buffer per thread and calls
/// <see cref="Reset"/> between modules: the capacity it grew to is kept, so steady-state
/// compilation allocates nothing here.
/// </remarks>
public sealed class CodeBuffer : CodeWriter
{
    private const int DefaultCapacity = 64 * 1024;

    private byte[] _bytes;
    private int _position;

    public CodeBuffer(int initialCapacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        _bytes = GC.AllocateUninitializedArray<byte>(initialCapacity);
    }

    /// <summary>Number of bytes written so far, which is also the offset of the next byte.</summary>
    public int Position => _position;

    public int Capacity => _bytes.Length;

    /// <summary>The bytes written so far. Invalidated by the next write that grows the buffer.</summary>
    public ReadOnlySpan<byte> AsSpan() => _bytes.AsSpan(0, _position);

    public byte[] ToArray() => AsSpan().ToArray();

    /// <summary>Forgets the contents but keeps the capacity, so the next module reuses the memory.</summary>
    public void Reset() => _position = 0;

    public override void WriteByte(byte value)
    {
        byte[] bytes = _bytes;
        int position = _position;
        if ((uint)position < (uint)bytes.Length)
        {
            bytes[position] = value;
            _position = position + 1;
        }
        else
        {
            WriteByteAfterGrowing(value);
        }
    }

    public void WriteBytes(ReadOnlySpan<byte> values)
    {
        EnsureRoomFor(values.Length);
        values.CopyTo(_bytes.AsSpan(_position));
        _position += values.Length;
    }

    public void WriteInt32(int value)
    {
        EnsureRoomFor(sizeof(int));
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(_position), value);
        _position += sizeof(int);
    }

    /// <summary>Overwrites four already-written bytes, e.g. the rel32 of a branch once its label is bound.</summary>
    public void PatchInt32(int offset, int value) =>
        BinaryPrimitives.WriteInt32LittleEndian(WrittenSlice(offset, sizeof(int)), value);

    public int ReadInt32(int offset) =>
        BinaryPrimitives.ReadInt32LittleEndian(WrittenSlice(offset, sizeof(int)));

    /// <summary>
    /// Pads with multi-byte NOPs up to the next multiple of <paramref name="alignment"/> (a power of
    /// two). Used before loop headers and function starts; NOPs rather than int3 because a loop
    /// header's padding is executed when the loop is entered by falling through. Alignment is
    /// relative to the buffer start, so the code must be placed at an address aligned at least as much.
    /// </summary>
    public void AlignWithNops(int alignment)
    {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "Alignment must be a positive power of two.");
        int padding = -_position & (alignment - 1);
        EnsureRoomFor(padding);
        _position += MultiByteNops.Write(_bytes.AsSpan(_position, padding));
    }

    private Span<byte> WrittenSlice(int offset, int length)
    {
        if ((uint)offset > (uint)(_position - length))
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Outside the {_position} bytes written.");
        return _bytes.AsSpan(offset, length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteByteAfterGrowing(byte value)
    {
        EnsureRoomFor(1);
        _bytes[_position++] = value;
    }

    private void EnsureRoomFor(int count)
    {
        int needed = _position + count;
        if (needed <= _bytes.Length)
            return;
        // Doubling keeps the total copying linear in the final size.
        int newCapacity = (int)Math.Min(Array.MaxLength, Math.Max((long)_bytes.Length * 2, needed));
        if (newCapacity < needed)
            throw new InvalidOperationException("Machine code for one module exceeds the largest possible buffer.");
        byte[] grown = GC.AllocateUninitializedArray<byte>(newCapacity);
        _bytes.AsSpan(0, _position).CopyTo(grown);
        _bytes = grown;
    }
}
