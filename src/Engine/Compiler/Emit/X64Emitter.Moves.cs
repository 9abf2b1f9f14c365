using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

// Integer moves, constants, extensions, lea and the stack.
public sealed partial class X64Emitter
{
    /// <summary><c>mov destination, source</c>, at the registers' size (a 32-bit move zeroes the upper half).</summary>
    public void Mov(Register destination, Register source) =>
        Emit(Instruction.Create(
            GprWidth.Select(destination, Code.Mov_rm64_r64, Code.Mov_rm32_r32, Code.Mov_rm16_r16, Code.Mov_rm8_r8),
            destination, source));

    /// <summary>Load: <c>mov destination, [source]</c>, reading as many bytes as the register has.</summary>
    public void Mov(Register destination, in MemoryOperand source) =>
        Emit(Instruction.Create(
            GprWidth.Select(destination, Code.Mov_r64_rm64, Code.Mov_r32_rm32, Code.Mov_r16_rm16, Code.Mov_r8_rm8),
            destination, source));

    /// <summary>Store: <c>mov [destination], source</c>, writing as many bytes as the register has.</summary>
    public void Mov(in MemoryOperand destination, Register source) =>
        Emit(Instruction.Create(
            GprWidth.Select(source, Code.Mov_rm64_r64, Code.Mov_rm32_r32, Code.Mov_rm16_r16, Code.Mov_rm8_r8),
            destination, source));

    /// <summary>
    /// Loads a constant with the shortest correct form. For a 64-bit register: <c>xor r32, r32</c>
    /// for 0, <c>mov r32, imm32</c> when the value fits in 32 unsigned bits (zero-extends),
    /// <c>mov r64, simm32</c> for other values that sign-extend from 32 bits, else
    /// <c>mov r64, imm64</c>. For a 32-bit register the value must fit in 32 bits, signed or unsigned.
    /// </summary>
    /// <param name="preserveFlags">
    /// The xor form clobbers the flags; pass true between a compare and its jcc/setcc/cmovcc to
    /// get <c>mov r32, 0</c> instead.
    /// </param>
    public void MovImm(Register destination, long value, bool preserveFlags = false)
    {
        if (destination.IsGPR32() && (value < int.MinValue || value > uint.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Does not fit in 32-bit {destination}.");
        bool is64Bit = GprWidth.Is64Bit(destination);
        uint low32 = (uint)value;
        if (value == 0 && !preserveFlags)
        {
            Register zeroed = GprWidth.Low32(destination);
            Emit(Instruction.Create(Code.Xor_rm32_r32, zeroed, zeroed));
        }
        else if (!is64Bit || (ulong)value <= uint.MaxValue)
        {
            Emit(Instruction.Create(Code.Mov_r32_imm32, GprWidth.Low32(destination), low32));
        }
        else if (value == (int)value)
        {
            // Only negative values get here: the non-negative ones that fit took the branch above.
            Emit(Instruction.Create(Code.Mov_rm64_imm32, destination, (int)value));
        }
        else
        {
            Emit(Instruction.Create(Code.Mov_r64_imm64, destination, value));
        }
    }

    /// <summary>
    /// <c>movzx</c> from an 8- or 16-bit register. A 64-bit destination is written through its
    /// 32-bit half, which zero-extends the rest and needs no REX.W.
    /// </summary>
    public void Movzx(Register destination, Register source)
    {
        Code code = source.IsGPR8() ? Code.Movzx_r32_rm8
            : source.IsGPR16() ? Code.Movzx_r32_rm16
            : throw GprWidth.NotSupported(source, "an 8- or 16-bit general-purpose register");
        Emit(Instruction.Create(code, GprWidth.Low32(destination), source));
    }

    /// <summary>Zero-extending load of <paramref name="sourceBytes"/> (1, 2 or 4) bytes, as wasm's <c>load8_u</c>/<c>load16_u</c>/<c>load32_u</c>.</summary>
    public void Movzx(Register destination, in MemoryOperand source, int sourceBytes)
    {
        Code code = sourceBytes switch
        {
            1 => Code.Movzx_r32_rm8,
            2 => Code.Movzx_r32_rm16,
            4 => Code.Mov_r32_rm32,
            _ => throw new ArgumentOutOfRangeException(nameof(sourceBytes), sourceBytes, "Must be 1, 2 or 4."),
        };
        Emit(Instruction.Create(code, GprWidth.Low32(destination), source));
    }

    /// <summary><c>movsx</c>/<c>movsxd</c> from an 8-, 16- or 32-bit register into a wider one.</summary>
    public void Movsx(Register destination, Register source)
    {
        int sourceBytes = source.IsGPR8() ? 1 : source.IsGPR16() ? 2 : source.IsGPR32() ? 4
            : throw GprWidth.NotSupported(source, "an 8-, 16- or 32-bit general-purpose register");
        Emit(Instruction.Create(SignExtendingCode(destination, sourceBytes), destination, source));
    }

    /// <summary>Sign-extending load of <paramref name="sourceBytes"/> (1, 2 or 4) bytes, as wasm's <c>load8_s</c>/<c>load16_s</c>/<c>load32_s</c>.</summary>
    public void Movsx(Register destination, in MemoryOperand source, int sourceBytes) =>
        Emit(Instruction.Create(SignExtendingCode(destination, sourceBytes), destination, source));

    /// <summary><c>lea destination, [address]</c>: address arithmetic without touching the flags.</summary>
    public void Lea(Register destination, in MemoryOperand address) =>
        Emit(Instruction.Create(GprWidth.Select(destination, Code.Lea_r64_m, Code.Lea_r32_m), destination, address));

    public void Push(Register source) => Emit(Instruction.Create(Code.Push_r64, source));

    public void Pop(Register destination) => Emit(Instruction.Create(Code.Pop_r64, destination));

    private static Code SignExtendingCode(Register destination, int sourceBytes)
    {
        return (sourceBytes, GprWidth.Is64Bit(destination)) switch
        {
            (1, true) => Code.Movsx_r64_rm8,
            (1, false) => Code.Movsx_r32_rm8,
            (2, true) => Code.Movsx_r64_rm16,
            (2, false) => Code.Movsx_r32_rm16,
            (4, true) => Code.Movsxd_r64_rm32,
            // Sign-extending 32 bits into 32 bits is a plain load.
            (4, false) => Code.Mov_r32_rm32,
            _ => throw new ArgumentOutOfRangeException(nameof(sourceBytes), sourceBytes, "Must be 1, 2 or 4."),
        };
    }
}
