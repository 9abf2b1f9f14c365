using System.Runtime.CompilerServices;
using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>
/// Instructions whose immediates index the module (functions, types, tables, globals, memory) or
/// whose operand types are not fixed (select, ref.is_null).
/// </summary>
internal sealed partial class FunctionValidator
{
    private void Call(uint function)
    {
        if (function >= (uint)_functionTypes.Length) UnknownIndex("function", function);
        var type = _functionTypes[function];
        _operands.Pop(type.Parameters);
        _operands.Push(type.Results);
    }

    private void CallIndirect(ref WasmReader reader)
    {
        uint typeIndex = reader.ReadVarU32();
        uint table = reader.ReadVarU32();
        var elementType = Table(table);
        if (typeIndex >= (uint)_types.Length) UnknownIndex("type", typeIndex);
        if (elementType != ValType.FuncRef) Fail("type mismatch: call_indirect requires a table of funcref");
        var type = _types[typeIndex];
        _operands.Pop(ValType.I32);
        _operands.Pop(type.Parameters);
        _operands.Push(type.Results);
    }

    private void Select()
    {
        _operands.Pop(ValType.I32);
        var t1 = _operands.Pop();
        var t2 = _operands.Pop();
        bool numeric = IsNumericOrUnknown(t1) && IsNumericOrUnknown(t2);
        bool vector = IsVectorOrUnknown(t1) && IsVectorOrUnknown(t2);
        if (!numeric && !vector)
        {
            Fail($"type mismatch: select requires numeric or vector operands, not {ValidationErrors.Describe(t1)}");
        }

        if (t1 != t2 && t1 != OperandStack.Unknown && t2 != OperandStack.Unknown) _operands.ThrowMismatch(t1, t2);
        _operands.Push(t1 == OperandStack.Unknown ? t2 : t1);
    }

    private static bool IsNumericOrUnknown(ValType t) => t is ValType.I32 or ValType.I64 or ValType.F32 or ValType.F64 or OperandStack.Unknown;

    private static bool IsVectorOrUnknown(ValType t) => t is ValType.V128 or OperandStack.Unknown;

    private void SelectTyped(ref WasmReader reader)
    {
        int count = InstructionDecoding.ReadSelectTypes(ref reader, out var type);
        if (count != 1) Fail("invalid result arity other than 1 is not (yet) allowed");
        _operands.Pop(ValType.I32);
        _operands.Pop(type);
        _operands.Pop(type);
        _operands.Push(type);
    }

    private void GlobalSet(uint global)
    {
        if (global >= (uint)_globals.Length) UnknownIndex("global", global);
        var type = _globals[global];
        if (!type.Mutable) Fail($"global is immutable: global {global}");
        _operands.Pop(type.Type);
    }

    private void RefIsNull()
    {
        var t = _operands.Pop();
        if (t is not (ValType.FuncRef or ValType.ExternRef or OperandStack.Unknown))
        {
            Fail($"type mismatch: ref.is_null requires a reference, not {ValidationErrors.Describe(t)}");
        }

        _operands.Push(ValType.I32);
    }

    private void RefFunc(uint function)
    {
        if (function >= (uint)_functionTypes.Length) UnknownIndex("function", function);
        if (!_declaredReferences[function]) Fail($"undeclared function reference {function}");
        _operands.Push(ValType.FuncRef);
    }

    /// <summary>The element type of a table, which must exist.</summary>
    private ValType Table(uint table)
    {
        var tables = _context.TableElementTypes;
        if (table >= (uint)tables.Length) UnknownIndex("table", table);
        return tables[table];
    }

    private void RequireMemory()
    {
        if (_context.MemoryCount == 0) UnknownIndex("memory", 0);
    }

    /// <summary>Memory 0 must exist, and 2^align may not exceed the bytes accessed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckMemArg(uint align, byte maxAlign)
    {
        if (_context.MemoryCount == 0) UnknownIndex("memory", 0);
        if (align > maxAlign) Fail("alignment must not be larger than natural");
    }
}
