using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Wasmbox.Engine.Binary;

/// <summary>
/// A cursor over a module binary that reads the primitive encodings: bytes, strict LEB128 integers,
/// IEEE floats and UTF-8 names. Positions are absolute offsets into the whole module, so every
/// error it raises points at the exact byte. Reading is bounded by <see cref="End"/>, which a
/// caller narrows to a section or a function body.
/// </summary>
public ref struct WasmReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _end;

    public WasmReader(ReadOnlySpan<byte> module, int position, int end)
    {
        _data = module;
        _position = position;
        _end = end;
    }

    public WasmReader(ReadOnlySpan<byte> module)
        : this(module, 0, module.Length)
    {
    }

    public int Position
    {
        readonly get => _position;
        set => _position = value;
    }

    /// <summary>Reading stops here; reading past it is "unexpected end".</summary>
    public int End
    {
        readonly get => _end;
        set => _end = value;
    }

    public readonly bool AtEnd => _position >= _end;

    public readonly int Remaining => _end - _position;

    public readonly ReadOnlySpan<byte> Module => _data;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if ((uint)_position >= (uint)_end)
        {
            ThrowUnexpectedEnd();
        }

        return _data[_position++];
    }

    public readonly byte PeekByte()
    {
        if ((uint)_position >= (uint)_end)
        {
            ThrowUnexpectedEnd();
        }

        return _data[_position];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > _end - _position)
        {
            ThrowUnexpectedEnd();
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    public void Skip(int count) => ReadBytes(count);

    public uint ReadFixedU32()
    {
        var bytes = ReadBytes(4);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    public uint ReadF32Bits() => ReadFixedU32();

    public ulong ReadF64Bits() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    /// <summary>Unsigned 32-bit LEB128: at most 5 bytes, and the fifth may use only its low 4 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadVarU32()
    {
        if ((uint)_position < (uint)_end)
        {
            byte b = _data[_position];
            if (b < 0x80)
            {
                _position++;
                return b;
            }
        }

        return ReadVarU32Slow();
    }

    private uint ReadVarU32Slow()
    {
        uint result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                // The fifth byte holds bits 28..31; any higher value bit is "too large", and a
                // continuation bit would make the encoding longer than any 32-bit value needs.
                if ((b & 0x70) != 0) Throw("integer too large", _position - 1);
                if ((b & 0x80) != 0) Throw("integer representation too long", _position);
                return result | ((uint)b << 28);
            }

            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    /// <summary>Signed 32-bit LEB128; the unused bits of the fifth byte must repeat the sign.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadVarS32()
    {
        if ((uint)_position < (uint)_end)
        {
            byte b = _data[_position];
            if (b < 0x80)
            {
                _position++;
                return (int)((uint)b << 25) >> 25;
            }
        }

        return ReadVarS32Slow();
    }

    private int ReadVarS32Slow()
    {
        int result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                // Bits 3..6 of the last byte lie beyond bit 31: they must all equal the sign bit (bit 3).
                int high = b & 0x78;
                if (high != 0 && high != 0x78) Throw("integer too large", _position - 1);
                if ((b & 0x80) != 0) Throw("integer representation too long", _position);
                return result | (b << 28);
            }

            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                int unused = 32 - (shift + 7);
                return (result << unused) >> unused;
            }
        }
    }

    /// <summary>Signed 64-bit LEB128: at most 10 bytes, unused bits of the last equal to the sign.</summary>
    public long ReadVarS64()
    {
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 63)
            {
                // Only bit 0 is a value bit (bit 63); bits 1..6 must repeat it.
                int high = b & 0x7F;
                if (high != 0 && high != 0x7F) Throw("integer too large", _position - 1);
                if ((b & 0x80) != 0) Throw("integer representation too long", _position);
                return result | ((long)b << 63);
            }

            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                int unused = 64 - (shift + 7);
                return unused > 0 ? (result << unused) >> unused : result;
            }
        }
    }

    /// <summary>Signed 33-bit LEB128, the encoding of a block type's type index.</summary>
    public long ReadVarS33()
    {
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                // Bits 0..3 carry value bits 28..31 and bit 4 the sign (bit 32); bits 5..6 must repeat it.
                int high = b & 0x70;
                if (high != 0 && high != 0x70) Throw("integer too large", _position - 1);
                if ((b & 0x80) != 0) Throw("integer representation too long", _position);
                result |= (long)(b & 0x1F) << 28;
                return (result << 31) >> 31;
            }

            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                int unused = 64 - (shift + 7);
                return (result << unused) >> unused;
            }
        }
    }

    /// <summary>
    /// A vector count or byte length. It may not exceed the bytes that remain (counted, as the
    /// spec's decoder counts them, from the start of the length itself), so nothing is ever
    /// allocated for elements the input cannot hold.
    /// </summary>
    public int ReadLength()
    {
        int at = _position;
        uint n = ReadVarU32();
        if (n > (uint)(_end - at)) Throw("length out of bounds", at);
        return (int)n;
    }

    /// <summary>A vector count; see <see cref="ReadLength"/>.</summary>
    public int ReadCount() => ReadLength();

    public string ReadName()
    {
        int length = ReadLength();
        int at = _position;
        var bytes = ReadBytes(length);
        if (!Ascii.IsValid(bytes))
        {
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (ArgumentException)
            {
                Throw("malformed UTF-8 encoding", at);
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }

    public ValType ReadValType()
    {
        int at = _position;
        byte b = ReadSignedByteLeb();
        if (!ValTypeExtensions.IsValid(b)) Throw("malformed value type", at);
        return (ValType)b;
    }

    public ValType ReadReferenceType()
    {
        int at = _position;
        byte b = ReadSignedByteLeb();
        if (b is not ((byte)ValType.FuncRef or (byte)ValType.ExternRef)) Throw("malformed reference type", at);
        return (ValType)b;
    }

    /// <summary>
    /// Type codes are one-byte signed LEB128 numbers: a continuation bit makes the encoding longer
    /// than seven bits allow.
    /// </summary>
    public byte ReadSignedByteLeb()
    {
        byte b = ReadByte();
        if ((b & 0x80) != 0) Throw("integer representation too long", _position);
        return b;
    }

    /// <summary>A one-bit unsigned LEB128 flag (the limits' "has maximum").</summary>
    public bool ReadFlag()
    {
        byte b = ReadByte();
        if ((b & 0x7F) > 1) Throw("integer too large", _position - 1);
        if ((b & 0x80) != 0) Throw("integer representation too long", _position);
        return b == 1;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public readonly void ThrowUnexpectedEnd() =>
        throw new MalformedModuleException("unexpected end of section or function", _position);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Throw(string reason, long offset) => throw new MalformedModuleException(reason, offset);
}
