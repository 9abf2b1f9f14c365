using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// Evaluates a validated constant expression (global initializers, segment offsets, element items).
/// In WebAssembly 2.0 that is exactly one constant instruction before <c>end</c>.
/// </summary>
internal static class ConstantEvaluator
{
    /// <param name="globals">Cells of the globals visible so far (only imported ones may be read).</param>
    /// <param name="functionReference">The funcref value (FuncRef address) of a function index.</param>
    public static ulong Evaluate(WasmModule module, ConstantExpression expression, IReadOnlyList<Global> globals, Func<uint, ulong> functionReference)
    {
        var reader = new WasmReader(module.Bytes.Span, expression.Start, expression.End);
        byte op = reader.ReadByte();
        switch (op)
        {
            case Opcode.I32Const: return (uint)reader.ReadVarS32();
            case Opcode.I64Const: return (ulong)reader.ReadVarS64();
            case Opcode.F32Const: return reader.ReadF32Bits();
            case Opcode.F64Const: return reader.ReadF64Bits();
            case Opcode.RefNull: return 0;
            case Opcode.RefFunc: return functionReference(reader.ReadVarU32());
            case Opcode.GlobalGet: return globals[(int)reader.ReadVarU32()].Bits;
            case 0xFD: throw new NotSupportedException("v128 constants are not supported by the runtime yet");
            default: throw new InvalidOperationException($"not a constant instruction: 0x{op:x2} (the validator should have refused it)");
        }
    }
}
