using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

// SSE scalar float moves, arithmetic and conversions (SSE2 plus SSE4.1 rounding).
public sealed partial class X64Emitter
{
    /// <summary><c>op destination, source</c> for the scalar arithmetic, compare and bitwise float operations.</summary>
    public void Sse(SseOp op, Register destination, Register source) =>
        Emit(Instruction.Create(SseCodes.Of(op), destination, source));

    /// <summary><c>op destination, [source]</c>; scalar forms read 4 or 8 bytes, the packed bitwise ones 16 (aligned).</summary>
    public void Sse(SseOp op, Register destination, in MemoryOperand source) =>
        Emit(Instruction.Create(SseCodes.Of(op), destination, source));

    /// <summary>
    /// Copies a whole xmm register. Preferred over movss/movsd between registers, which merge into
    /// the destination and so make it wait for its previous value.
    /// </summary>
    public void Movaps(Register destination, Register source) =>
        Emit(Instruction.Create(Code.Movaps_xmm_xmmm128, destination, source));

    public void Movss(Register destination, Register source) => Emit(Instruction.Create(Code.Movss_xmm_xmmm32, destination, source));
    public void Movss(Register destination, in MemoryOperand source) => Emit(Instruction.Create(Code.Movss_xmm_xmmm32, destination, source));
    public void Movss(in MemoryOperand destination, Register source) => Emit(Instruction.Create(Code.Movss_xmmm32_xmm, destination, source));

    public void Movsd(Register destination, Register source) => Emit(Instruction.Create(Code.Movsd_xmm_xmmm64, destination, source));
    public void Movsd(Register destination, in MemoryOperand source) => Emit(Instruction.Create(Code.Movsd_xmm_xmmm64, destination, source));
    public void Movsd(in MemoryOperand destination, Register source) => Emit(Instruction.Create(Code.Movsd_xmmm64_xmm, destination, source));

    /// <summary>Moves 32 bits between a 32-bit register and an xmm register, in whichever direction the registers say (wasm's reinterpret).</summary>
    public void Movd(Register destination, Register source) =>
        Emit(Instruction.Create(destination.IsXMM() ? Code.Movd_xmm_rm32 : Code.Movd_rm32_xmm, destination, source));

    /// <summary>Moves 64 bits between a 64-bit register and an xmm register, in whichever direction the registers say.</summary>
    public void Movq(Register destination, Register source) =>
        Emit(Instruction.Create(destination.IsXMM() ? Code.Movq_xmm_rm64 : Code.Movq_rm64_xmm, destination, source));

    /// <summary>
    /// Signed integer to f32; the integer's size comes from the register. Writes only the low lane,
    /// so the destination's old value is an input (clear it first when that dependency matters).
    /// </summary>
    public void Cvtsi2ss(Register destination, Register source) =>
        Emit(Instruction.Create(GprWidth.Select(source, Code.Cvtsi2ss_xmm_rm64, Code.Cvtsi2ss_xmm_rm32), destination, source));

    /// <summary>Signed integer to f64; see <see cref="Cvtsi2ss"/>.</summary>
    public void Cvtsi2sd(Register destination, Register source) =>
        Emit(Instruction.Create(GprWidth.Select(source, Code.Cvtsi2sd_xmm_rm64, Code.Cvtsi2sd_xmm_rm32), destination, source));

    /// <summary>f32 to signed integer, truncating; the integer's size comes from the register. Out of range gives the "integer indefinite" value.</summary>
    public void Cvttss2si(Register destination, Register source) =>
        Emit(Instruction.Create(GprWidth.Select(destination, Code.Cvttss2si_r64_xmmm32, Code.Cvttss2si_r32_xmmm32), destination, source));

    /// <summary>f64 to signed integer, truncating; see <see cref="Cvttss2si"/>.</summary>
    public void Cvttsd2si(Register destination, Register source) =>
        Emit(Instruction.Create(GprWidth.Select(destination, Code.Cvttsd2si_r64_xmmm64, Code.Cvttsd2si_r32_xmmm64), destination, source));

    /// <summary>SSE4.1 <c>roundss</c> with the given mode and the precision exception masked.</summary>
    public void Roundss(Register destination, Register source, RoundingMode mode) =>
        Emit(Instruction.Create(Code.Roundss_xmm_xmmm32_imm8, destination, source, RoundingImmediate(mode)));

    /// <summary>SSE4.1 <c>roundsd</c> with the given mode and the precision exception masked.</summary>
    public void Roundsd(Register destination, Register source, RoundingMode mode) =>
        Emit(Instruction.Create(Code.Roundsd_xmm_xmmm64_imm8, destination, source, RoundingImmediate(mode)));

    // Bit 3 suppresses the inexact exception; bit 2 clear means "use the mode given, not MXCSR's".
    private static int RoundingImmediate(RoundingMode mode) => (int)mode | 0b1000;
}
