using System.Runtime.CompilerServices;
using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>
/// Validates function bodies straight from their bytes, decoding each instruction as it goes, by
/// the spec's validation algorithm (operand stack with an unknown type, control stack of frames).
/// One instance serves every body of a module, so its stacks are allocated once.
/// </summary>
internal sealed partial class FunctionValidator
{
    private readonly ValidationContext _context;
    private readonly FuncType[] _types;
    private readonly FuncType[] _functionTypes;
    private readonly GlobalType[] _globals;
    private readonly bool[] _declaredReferences;
    private OperandStack _operands = new(256);
    private ControlStack _controls = new(32);
    private ValType[] _locals = [];
    private int _functionIndex;

    public FunctionValidator(ValidationContext context)
    {
        _context = context;
        _types = context.Types;
        _functionTypes = context.FunctionTypes;
        _globals = context.Globals;
        _declaredReferences = context.DeclaredFunctionReferences;
    }

    /// <summary>Validates the body of defined function <paramref name="definedIndex"/> (imports not counted).</summary>
    public ValidatedFunction Validate(int definedIndex)
    {
        var body = _context.Module.Codes[definedIndex];
        int functionIndex = _context.ImportedFunctionCount + definedIndex;
        int typeIndex = (int)_context.FunctionTypeIndices[functionIndex];
        var type = _types[typeIndex];

        _functionIndex = functionIndex;
        _locals = ExpandLocals(type, body);
        _operands.Reset(functionIndex);
        _controls.Reset();
        _recordCount = 0;
        _controls.Push(ControlFrame.FunctionKind, typeIndex, 0, -1);
        _operands.SetFrame(0, false);

        Walk(_context.Module.Bytes.Span, body.CodeStart, body.CodeEnd);

        return new ValidatedFunction
        {
            FunctionIndex = (uint)functionIndex,
            Type = type,
            LocalTypes = _locals,
            MaxStackHeight = _operands.MaxHeight,
            MaxControlDepth = _controls.MaxDepth,
            Controls = TakeRecords(),
        };
    }

    private static ValType[] ExpandLocals(FuncType type, FunctionBody body)
    {
        var parameters = type.Parameters;
        // The decoder bounds the declared count, so this cannot be a huge allocation.
        var locals = new ValType[parameters.Length + (long)body.LocalCount];
        parameters.CopyTo(locals, 0);
        int n = parameters.Length;
        foreach (var run in body.Locals)
        {
            locals.AsSpan(n, (int)run.Count).Fill(run.Type);
            n += (int)run.Count;
        }

        return locals;
    }

    private void Walk(ReadOnlySpan<byte> bytes, int start, int end)
    {
        var reader = new WasmReader(bytes, start, end);
        var locals = _locals;
        while (true)
        {
            int at = reader.Position;
            if (at >= end) InstructionDecoding.ThrowBodyRanOut(bytes, at);
            _operands.InstructionStart = at;
            byte op = reader.ReadByte();
            switch (op)
            {
                case Opcode.Unreachable:
                    Unreachable();
                    break;
                case Opcode.Nop:
                    break;
                case Opcode.Block:
                case Opcode.Loop:
                case Opcode.If:
                    EnterBlock(ref reader, op, at);
                    break;
                case Opcode.Else:
                    Else(at);
                    break;
                case Opcode.End:
                    if (End(at))
                    {
                        if (reader.Position != end) InstructionDecoding.ThrowEndedEarly(reader.Position);
                        return;
                    }

                    break;
                case Opcode.Br:
                    Br(reader.ReadVarU32());
                    break;
                case Opcode.BrIf:
                    BrIf(reader.ReadVarU32());
                    break;
                case Opcode.BrTable:
                    BrTable(ref reader);
                    break;
                case Opcode.Return:
                    _operands.Pop(_types[_controls.Label((uint)_controls.Count - 1).BlockType].Results);
                    Unreachable();
                    break;
                case Opcode.Call:
                    Call(reader.ReadVarU32());
                    break;
                case Opcode.CallIndirect:
                    CallIndirect(ref reader);
                    break;
                case Opcode.Drop:
                    _operands.Pop();
                    break;
                case Opcode.Select:
                    Select();
                    break;
                case Opcode.SelectT:
                    SelectTyped(ref reader);
                    break;
                case Opcode.LocalGet:
                {
                    uint x = reader.ReadVarU32();
                    if (x >= (uint)locals.Length) UnknownIndex("local", x);
                    _operands.Push(locals[x]);
                    break;
                }

                case Opcode.LocalSet:
                {
                    uint x = reader.ReadVarU32();
                    if (x >= (uint)locals.Length) UnknownIndex("local", x);
                    _operands.Pop(locals[x]);
                    break;
                }

                case Opcode.LocalTee:
                {
                    uint x = reader.ReadVarU32();
                    if (x >= (uint)locals.Length) UnknownIndex("local", x);
                    _operands.Unary(locals[x], locals[x]);
                    break;
                }

                case Opcode.GlobalGet:
                {
                    uint x = reader.ReadVarU32();
                    if (x >= (uint)_globals.Length) UnknownIndex("global", x);
                    _operands.Push(_globals[x].Type);
                    break;
                }

                case Opcode.GlobalSet:
                    GlobalSet(reader.ReadVarU32());
                    break;
                case Opcode.TableGet:
                {
                    var elementType = Table(reader.ReadVarU32());
                    _operands.Unary(ValType.I32, elementType);
                    break;
                }

                case Opcode.TableSet:
                {
                    var elementType = Table(reader.ReadVarU32());
                    _operands.Pop(elementType);
                    _operands.Pop(ValType.I32);
                    break;
                }

                case Opcode.MemorySize:
                    InstructionDecoding.ExpectZeroByte(ref reader);
                    RequireMemory();
                    _operands.Push(ValType.I32);
                    break;
                case Opcode.MemoryGrow:
                    InstructionDecoding.ExpectZeroByte(ref reader);
                    RequireMemory();
                    _operands.Unary(ValType.I32, ValType.I32);
                    break;
                case Opcode.I32Const:
                    reader.ReadVarS32();
                    _operands.Push(ValType.I32);
                    break;
                case Opcode.I64Const:
                    reader.ReadVarS64();
                    _operands.Push(ValType.I64);
                    break;
                case Opcode.F32Const:
                    reader.Skip(4);
                    _operands.Push(ValType.F32);
                    break;
                case Opcode.F64Const:
                    reader.Skip(8);
                    _operands.Push(ValType.F64);
                    break;
                case Opcode.RefNull:
                    _operands.Push(reader.ReadReferenceType());
                    break;
                case Opcode.RefIsNull:
                    RefIsNull();
                    break;
                case Opcode.RefFunc:
                    RefFunc(reader.ReadVarU32());
                    break;
                case 0xFC:
                    Misc(ref reader, at);
                    break;
                case 0xFD:
                    Simd(ref reader, at);
                    break;
                default:
                {
                    ref readonly var o = ref CoreOperators.Core[op];
                    if (o.Kind == OperatorKind.Plain)
                    {
                        if (o.Arity == 1) _operands.Unary(o.P0, o.Result);
                        else _operands.Binary(o.P0, o.P1, o.Result);
                    }
                    else if (o.Kind == OperatorKind.Memory)
                    {
                        CheckMemArg(InstructionDecoding.ReadMemArg(ref reader), o.MaxAlign);
                        Apply(in o);
                    }
                    else
                    {
                        InstructionDecoding.ThrowIllegalOpcode(op, at);
                    }

                    break;
                }
            }
        }
    }

    /// <summary>Pops the operator's operands and pushes its result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Apply(in Operator o)
    {
        if (o.Result != 0)
        {
            if (o.Arity == 1)
            {
                _operands.Unary(o.P0, o.Result);
                return;
            }

            if (o.Arity == 2)
            {
                _operands.Binary(o.P0, o.P1, o.Result);
                return;
            }
        }

        if (o.Arity == 3) _operands.Pop(o.P2);
        if (o.Arity >= 2) _operands.Pop(o.P1);
        if (o.Arity >= 1) _operands.Pop(o.P0);
        if (o.Result != 0) _operands.Push(o.Result);
    }

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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void UnknownIndex(string kind, uint index) =>
        ValidationErrors.Unknown(kind, index, _operands.InstructionStart, _functionIndex);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fail(string reason) => ValidationErrors.Throw(reason, _operands.InstructionStart, _functionIndex);
}
