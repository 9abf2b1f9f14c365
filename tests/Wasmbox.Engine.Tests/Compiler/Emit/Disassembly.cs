using Iced.Intel;
using Wasmbox.Engine.Compiler.Emit;

namespace Wasmbox.Engine.Tests.Compiler.Emit;

/// <summary>Decodes emitted bytes back with Iced's Decoder, with ip = buffer offset like the emitter.</summary>
internal static class Disassembly
{
    public static List<Instruction> Decode(ReadOnlySpan<byte> code)
    {
        var reader = new ByteArrayCodeReader(code.ToArray());
        var decoder = Decoder.Create(64, reader);
        decoder.IP = 0;
        var instructions = new List<Instruction>();
        while (reader.CanReadByte)
        {
            decoder.Decode(out Instruction instruction);
            Assert.False(instruction.IsInvalid, $"Invalid instruction at offset {instruction.IP}");
            instructions.Add(instruction);
        }
        return instructions;
    }

    public static List<Instruction> Decode(X64Emitter emitter) => Decode(emitter.Buffer.AsSpan());

    /// <summary>The single instruction <paramref name="emit"/> produces.</summary>
    public static Instruction Single(Action<X64Emitter> emit)
    {
        var emitter = new X64Emitter(new CodeBuffer(16));
        emit(emitter);
        return Assert.Single(Decode(emitter));
    }

    public static string Hex(Action<X64Emitter> emit)
    {
        var emitter = new X64Emitter(new CodeBuffer(16));
        emit(emitter);
        return Convert.ToHexString(emitter.Buffer.AsSpan());
    }

    public static string Text(in Instruction instruction)
    {
        var formatter = new IntelFormatter();
        formatter.Options.UppercaseHex = false;
        var output = new StringOutput();
        formatter.Format(instruction, output);
        return output.ToStringAndReset();
    }
}
