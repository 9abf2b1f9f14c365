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
        // Sum the runs rather than trust LocalCount, so a model built by hand cannot overrun the
        // array; the bound keeps a hostile count from becoming a huge allocation.
        ulong declared = 0;
        foreach (var run in body.Locals) declared += run.Count;
        if (declared > ModuleDecoder.MaxFunctionLocals) WasmReader.Throw("too many locals", body.CodeStart);
        var locals = new ValType[parameters.Length + (int)declared];
        parameters.CopyTo(locals, 0);
        int n = parameters.Length;
        foreach (var run in body.Locals)
        {
            locals.AsSpan(n, (int)run.Count).Fill(run.Type);
            n += (int)run.Count;
        }

        return locals;
    }

    // Not marked AggressiveOptimization, although validation spends its time in this loop: such a
    // method is left out of the ReadyToRun image, so every process would JIT it (fully optimized,
    // 7 KB) before validating anything. Precompiled code is already optimized (docs/design.md, "Start-up").
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void UnknownIndex(string kind, uint index) =>
        ValidationErrors.Unknown(kind, index, _operands.InstructionStart, _functionIndex);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fail(string reason) => ValidationErrors.Throw(reason, _operands.InstructionStart, _functionIndex);
}
