using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>
/// Checks initializers (global values, segment offsets, element items) the way the reference
/// interpreter does: first that every instruction is constant, then that the sequence yields one
/// value of the expected type. In WebAssembly 2.0 the constant instructions are t.const,
/// ref.null, ref.func and global.get of an imported immutable global (only imports are visible).
/// </summary>
internal static class ConstantExpressionValidator
{
    /// <summary>
    /// Validates <paramref name="expression"/> as a constant of type <paramref name="expected"/>.
    /// Functions it references are recorded in <paramref name="declaredReferences"/> (C.refs).
    /// </summary>
    public static void Validate(ValidationContext context, ConstantExpression expression, ValType expected, bool[] declaredReferences)
    {
        var reader = new WasmReader(context.Module.Bytes.Span, expression.Start, expression.End);
        int depth = 0;
        ValType last = 0;
        uint unknownFunction = uint.MaxValue;
        int unknownFunctionAt = -1;

        while (true)
        {
            int at = reader.Position;
            byte op = reader.ReadByte();
            switch (op)
            {
                case Opcode.End:
                    if (unknownFunctionAt >= 0) ValidationErrors.Unknown("function", unknownFunction, unknownFunctionAt);
                    if (depth != 1 || last != expected)
                    {
                        ValidationErrors.TypeMismatch(
                            $"constant expression must produce one {expected.ToWat()}, not {Describe(depth, last)}", at);
                    }

                    return;
                case Opcode.I32Const:
                    reader.ReadVarS32();
                    last = ValType.I32;
                    break;
                case Opcode.I64Const:
                    reader.ReadVarS64();
                    last = ValType.I64;
                    break;
                case Opcode.F32Const:
                    reader.Skip(4);
                    last = ValType.F32;
                    break;
                case Opcode.F64Const:
                    reader.Skip(8);
                    last = ValType.F64;
                    break;
                case Opcode.RefNull:
                    last = reader.ReadReferenceType();
                    break;
                case Opcode.RefFunc:
                {
                    uint function = reader.ReadVarU32();
                    if (function < (uint)declaredReferences.Length) declaredReferences[function] = true;
                    else if (unknownFunctionAt < 0) (unknownFunction, unknownFunctionAt) = (function, at);
                    last = ValType.FuncRef;
                    break;
                }

                case Opcode.GlobalGet:
                {
                    uint global = reader.ReadVarU32();
                    if (global >= (uint)context.ImportedGlobalCount) ValidationErrors.Unknown("global", global, at);
                    var type = context.Globals[global];
                    if (type.Mutable) ValidationErrors.Throw("constant expression required", at);
                    last = type.Type;
                    break;
                }

                case 0xFD when IsV128Const(ref reader):
                    reader.Skip(16);
                    last = ValType.V128;
                    break;
                default:
                    ValidationErrors.Throw("constant expression required", at);
                    break;
            }

            depth++;
        }
    }

    private static bool IsV128Const(ref WasmReader reader)
    {
        int at = reader.Position;
        if (reader.ReadVarU32() == SimdOperators.Const) return true;
        reader.Position = at;
        return false;
    }

    private static string Describe(int count, ValType last) => count switch
    {
        0 => "nothing",
        1 => last.ToWat(),
        _ => $"{count} values",
    };
}
