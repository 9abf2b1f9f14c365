namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>
/// A position in the module's code buffer that branches, calls and rip-relative LEAs can refer to
/// before it is known. Just an index into the emitter's label table, so it costs nothing to create
/// or copy, and one label is valid across the whole module (calls between functions are rel32 too).
/// Named CodeLabel, not Label, so that it does not clash with Iced.Intel.Label (the Assembler's) in
/// files that import Iced.Intel for Register and Instruction.
/// </summary>
public readonly record struct CodeLabel
{
    // Stored plus one so that default(CodeLabel) is recognizably not a label the emitter made.
    private readonly int _idPlusOne;

    internal CodeLabel(int id) => _idPlusOne = id + 1;

    internal int Id => _idPlusOne - 1;

    /// <summary>False for <c>default(CodeLabel)</c>, which no emitter created.</summary>
    public bool IsValid => _idPlusOne != 0;

    public override string ToString() => IsValid ? $"L{Id}" : "L(invalid)";
}
