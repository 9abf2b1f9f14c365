using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Wasmbox.Engine.Binary;

/// <summary>
/// Immediate decoding shared by everything that walks instructions (validator, skipper, compiler). All
/// must reject a malformed encoding with the same words, so the rules live in one place.
/// </summary>
public static class InstructionDecoding
{
    /// <summary>Block type <c>[] -> []</c> (encoded 0x40).</summary>
    public const int EmptyBlockType = -0x40;

    /// <summary>
    /// Reads a block type. Returns a type index (non-negative), <see cref="EmptyBlockType"/>, or the
    /// negated encoding byte of a single result type.
    /// </summary>
    public static int ReadBlockType(ref WasmReader reader)
    {
        int at = reader.Position;
        byte first = reader.PeekByte();
        if (first < 0x40)
        {
            reader.Position = at + 1;
            return first;
        }

        if (first == 0x40)
        {
            reader.Position = at + 1;
            return EmptyBlockType;
        }

        if (first < 0x80)
        {
            // A one-byte negative s33 can only be a value type; anything else is not a type at all.
            if (!IsValueType(first)) ThrowMalformedValueType(first, at);
            reader.Position = at + 1;
            return -first;
        }

        // A multi-byte s33 is a type index. The reference decoder falls back to reading a value type
        // when it is negative or does not decode, and a byte >= 0x80 never is one.
        long index;
        try
        {
            index = reader.ReadVarS33();
        }
        catch (MalformedModuleException)
        {
            index = -1;
        }

        if (index < 0) ThrowMalformedValueType(first, at);
        return index > int.MaxValue ? int.MaxValue : (int)index;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsValueType(byte b) => b is >= 0x7B and <= 0x7F or 0x70 or 0x6F;

    /// <summary>Reads a memarg; the alignment exponent is returned as read (it is checked by validation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadMemArg(ref WasmReader reader)
    {
        uint align = reader.ReadVarU32();
        reader.ReadVarU32();
        return align;
    }

    /// <summary>The reserved memory index byte of memory.size, memory.grow and the bulk memory instructions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExpectZeroByte(ref WasmReader reader)
    {
        int at = reader.Position;
        if (reader.ReadByte() != 0) WasmReader.Throw("zero byte expected", at);
    }

    /// <summary>
    /// Reads the vector of typed select; returns the number of types and the first (or 0 if none).
    /// The whole vector is decoded first because a malformed type beats an arity error.
    /// </summary>
    public static int ReadSelectTypes(ref WasmReader reader, out ValType first)
    {
        int count = reader.ReadCount();
        first = 0;
        for (int i = 0; i < count; i++)
        {
            var t = ReadValueType(ref reader);
            if (i == 0) first = t;
        }

        return count;
    }

    public static ValType ReadValueType(ref WasmReader reader)
    {
        int at = reader.Position;
        byte b = reader.ReadByte();
        if (!IsValueType(b)) ThrowMalformedValueType(b, at);
        return (ValType)b;
    }

    /// <summary>The reference decoder takes any byte up to 0x70 for the start of a reference type.</summary>
    [DoesNotReturn]
    private static void ThrowMalformedValueType(byte b, int at) =>
        WasmReader.Throw(b is > 0x70 and < 0x80 ? "malformed value type" : "malformed reference type", at);

    /// <summary>
    /// The body's bytes ran out where an instruction should start. The words follow the reference
    /// decoder, which does not stop at the body's size but reads on into whatever follows it: at
    /// the end of the module that is an unexpected end, a following 0x0B closes the function past
    /// its declared size, and anything else is not the END it needs.
    /// </summary>
    [DoesNotReturn]
    public static void ThrowBodyRanOut(ReadOnlySpan<byte> module, int position)
    {
        if (position >= module.Length) WasmReader.Throw("unexpected end of section or function", position);
        if (module[position] == Opcode.End) WasmReader.Throw("section size mismatch", position);
        WasmReader.Throw("END opcode expected", position);
    }

    /// <summary>An else that does not close the then-branch of an if.</summary>
    [DoesNotReturn]
    public static void ThrowMisplacedElse(int at) => WasmReader.Throw("END opcode expected", at);

    /// <summary>The function's final end came before the end of its declared size.</summary>
    [DoesNotReturn]
    public static void ThrowEndedEarly(int at) => WasmReader.Throw("section size mismatch", at);

    [DoesNotReturn]
    public static void ThrowIllegalOpcode(byte opcode, int at) =>
        WasmReader.Throw($"illegal opcode {opcode:x2}", at);

    [DoesNotReturn]
    public static void ThrowIllegalOpcode(byte prefix, uint subOpcode, int at) =>
        WasmReader.Throw($"illegal opcode {prefix:x2} {subOpcode:x2}", at);

    [DoesNotReturn]
    public static void ThrowDataCountRequired(int at) => WasmReader.Throw("data count section required", at);
}
