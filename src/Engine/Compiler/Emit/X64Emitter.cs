using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>
/// Encodes x86-64 instructions one at a time with Iced's <see cref="Encoder"/> straight into a
/// <see cref="CodeBuffer"/>, and resolves labels with rel32 fixups of its own. One emitter (and one
/// buffer) holds a whole module, so every label works across functions.
/// </summary>
/// <remarks>
/// <para>Code is position independent: an instruction's address is its offset in the buffer, and
/// that offset is what <see cref="Emit"/> passes to the encoder as rip. An <see cref="Instruction"/>
/// built by the caller with a branch target or a rip-relative operand must therefore use buffer
/// offsets, not real addresses; prefer the label methods.</para>
/// <para>Iced's Assembler is not used: it allocates per instruction and is several times slower.
/// The helpers here pick the encoding form (operand size from the registers, imm8 vs imm32, ...)
/// and build the <see cref="Instruction"/> on the stack, so emitting allocates nothing. Anything
/// without a helper goes through <see cref="Emit"/> with <c>Instruction.Create(Code.Xxx, ...)</c>.</para>
/// <para>Helpers choose operand sizes from the registers given (RAX: 64-bit, EAX: 32-bit); a
/// register of a size the form does not have throws <see cref="ArgumentException"/>, and an
/// operand combination the encoder rejects throws Iced's <see cref="EncoderException"/>.</para>
/// <para>Not thread-safe: a compiling thread owns its emitter and reuses it (<see cref="Reset"/>)
/// for the next module.</para>
/// </remarks>
/// <example>
/// <code>
/// CodeLabel loop = emitter.NewLabel(), done = emitter.NewLabel();
/// emitter.MovImm(RAX, 0);
/// emitter.Test(RDI, RDI);
/// emitter.Jcc(ConditionCode.le, done);      // forward: rel32, patched by Bind(done)
/// emitter.Align(16);
/// emitter.Bind(loop);
/// emitter.Add(RAX, RDI);
/// emitter.Sub(RDI, 1);
/// emitter.Jcc(ConditionCode.ne, loop);      // backward and close: rel8
/// emitter.Bind(done);
/// emitter.Ret();
/// emitter.Finish();                         // throws if a referenced label was never bound
/// byte[] code = emitter.Buffer.ToArray();   // position independent: copy it anywhere
/// </code>
/// </example>
public sealed partial class X64Emitter
{
    private readonly CodeBuffer _code;
    private readonly Encoder _encoder;
    private readonly LabelTable _labels = new();

    public X64Emitter(CodeBuffer code)
    {
        _code = code;
        _encoder = Encoder.Create(64, code);
    }

    public X64Emitter()
        : this(new CodeBuffer())
    {
    }

    public CodeBuffer Buffer => _code;

    /// <summary>Offset in the buffer where the next instruction goes.</summary>
    public int Position => _code.Position;

    /// <summary>Encodes one instruction at the current position.</summary>
    public void Emit(in Instruction instruction) => _encoder.Encode(instruction, (ulong)_code.Position);

    /// <summary>
    /// Pads with NOPs so the next instruction starts at a multiple of <paramref name="alignment"/>;
    /// call it before binding the label of a loop header or function start.
    /// </summary>
    public void Align(int alignment) => _code.AlignWithNops(alignment);

    public CodeLabel NewLabel() => _labels.NewLabel();

    /// <summary>Binds <paramref name="label"/> to the current position and patches every reference made so far.</summary>
    public void Bind(CodeLabel label) => _labels.Bind(label, _code.Position, _code);

    public bool IsBound(CodeLabel label) => _labels.IsBound(label);

    /// <summary>The offset <paramref name="label"/> is bound to (e.g. a function's entry), or -1 while unbound.</summary>
    public int OffsetOf(CodeLabel label) => _labels.OffsetOf(label);

    /// <summary>
    /// Checks that the code is complete: every label that something refers to has been bound.
    /// Call once after the last function of the module, before taking the bytes.
    /// </summary>
    public void Finish()
    {
        int unresolved = _labels.UnresolvedCount;
        if (unresolved != 0)
            throw new InvalidOperationException(
                $"{unresolved} label(s) referenced but never bound (of {_labels.Count} created); the code would jump into its own placeholder bytes.");
    }

    /// <summary>Empties the buffer and forgets all labels, keeping their memory for the next module.</summary>
    public void Reset()
    {
        _code.Reset();
        _labels.Reset();
    }
}
