using System.Runtime.CompilerServices;
using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>Structured control: blocks, branches, and the records the compiler gets for each block.</summary>
internal sealed partial class FunctionValidator
{
    /// <summary>Result type of a single-value block type, indexed by the type's encoding byte.</summary>
    private static readonly ValType[][] SingleResults = BuildSingleResults();

    private ControlRecord[] _records = new ControlRecord[32];
    private int _recordCount;

    /// <summary>Mutable counterpart of <see cref="ControlInfo"/>, filled in as the walk meets else and end.</summary>
    private struct ControlRecord
    {
        public int Start;
        public int Else;
        public int End;
        public bool IsBranchTarget;
    }

    private static ValType[][] BuildSingleResults()
    {
        var table = new ValType[256][];
        foreach (var t in (ValType[])[ValType.I32, ValType.I64, ValType.F32, ValType.F64, ValType.V128, ValType.FuncRef, ValType.ExternRef])
        {
            table[(byte)t] = [t];
        }

        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<ValType> Parameters(int blockType) => blockType >= 0 ? _types[blockType].Parameters : default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<ValType> Results(int blockType) =>
        blockType >= 0 ? _types[blockType].Results
        : blockType == InstructionDecoding.EmptyBlockType ? default
        : SingleResults[-blockType];

    /// <summary>What a branch to the frame carries: a loop's parameters, anything else's results.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<ValType> LabelTypes(ref ControlFrame frame) =>
        frame.Kind == Opcode.Loop ? Parameters(frame.BlockType) : Results(frame.BlockType);

    private void Unreachable()
    {
        _controls.Top.Unreachable = true;
        _operands.MakePolymorphic();
    }

    private void EnterBlock(ref WasmReader reader, byte kind, int at)
    {
        int blockType = InstructionDecoding.ReadBlockType(ref reader);
        if (blockType >= _types.Length) UnknownIndex("type", (uint)blockType);
        if (kind == Opcode.If) _operands.Pop(ValType.I32);
        var parameters = Parameters(blockType);
        _operands.Pop(parameters);

        int record = _recordCount;
        if (record == _records.Length) Array.Resize(ref _records, record * 2);
        _records[record] = new ControlRecord { Start = at, Else = -1, End = -1 };
        _recordCount = record + 1;

        int height = _operands.Count;
        _controls.Push(kind, blockType, height, record);
        _operands.SetFrame(height, false);
        if (parameters.Length != 0) _operands.Push(parameters);
    }

    private void Else(int at)
    {
        ref var frame = ref _controls.Top;
        if (frame.Kind != Opcode.If) InstructionDecoding.ThrowMisplacedElse(at);
        CheckFrameResults(ref frame);
        _operands.MakeEmpty();
        _records[frame.Record].Else = at;
        frame.Kind = Opcode.Else;
        frame.Unreachable = false;
        _operands.SetFrame(frame.Height, false);
        var parameters = Parameters(frame.BlockType);
        if (parameters.Length != 0) _operands.Push(parameters);
    }

    /// <summary>Closes the innermost frame; returns true when that was the function body itself.</summary>
    private bool End(int at)
    {
        ref var frame = ref _controls.Top;
        bool inPlace = CheckFrameResults(ref frame);
        if (frame.Kind == ControlFrame.FunctionKind) return true;

        // An if without else has an empty else branch, which must turn the parameters into the results.
        if (frame.Kind == Opcode.If && !Parameters(frame.BlockType).SequenceEqual(Results(frame.BlockType)))
        {
            Fail("type mismatch: if without else must leave its parameters as its results");
        }

        _records[frame.Record].End = at;
        int blockType = frame.BlockType;
        _controls.Pop();
        ref var parent = ref _controls.Top;
        _operands.SetFrame(parent.Height, parent.Unreachable);
        if (!inPlace) _operands.Push(Results(blockType));
        return false;
    }

    /// <summary>
    /// The spec's pop_ctrl check: exactly the frame's results remain above its height. Returns true
    /// when they are there as concrete values, which then simply stay where they are for the parent;
    /// otherwise they have been popped (some may have been unknown) and must be pushed again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CheckFrameResults(ref ControlFrame frame)
    {
        var results = Results(frame.BlockType);
        if (_operands.HoldsExactly(results)) return true;
        _operands.Pop(results);
        if (_operands.Count != frame.Height) Fail("type mismatch: values remain on the stack at the end of a block");
        return false;
    }

    /// <summary>The frame label <paramref name="depth"/> names, marked as a branch target.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref ControlFrame BranchTarget(uint depth)
    {
        if (depth >= (uint)_controls.Count) UnknownIndex("label", depth);
        ref var frame = ref _controls.Label(depth);
        if (frame.Record >= 0) _records[frame.Record].IsBranchTarget = true;
        return ref frame;
    }

    private void Br(uint depth)
    {
        _operands.Pop(LabelTypes(ref BranchTarget(depth)));
        Unreachable();
    }

    private void BrIf(uint depth)
    {
        var types = LabelTypes(ref BranchTarget(depth));
        _operands.Pop(ValType.I32);
        if (types.Length != 0)
        {
            _operands.Pop(types);
            _operands.Push(types);
        }
    }

    /// <summary>
    /// br_table, as the spec's algorithm checks it: every label must have the default's arity, even
    /// when the stack is polymorphic, and the operands must suit every label. The label vector is
    /// read twice (the default comes last) so that nothing is allocated for it.
    /// </summary>
    private void BrTable(ref WasmReader reader)
    {
        // Each label takes at least one byte, so the count cannot send the reads far.
        int count = reader.ReadCount();
        int labels = reader.Position;
        for (int i = 0; i < count; i++) reader.ReadVarU32();
        uint defaultDepth = reader.ReadVarU32();
        int after = reader.Position;

        _operands.Pop(ValType.I32);
        int arity = LabelTypes(ref BranchTarget(defaultDepth)).Length;
        reader.Position = labels;
        for (int i = 0; i < count; i++)
        {
            var types = LabelTypes(ref BranchTarget(reader.ReadVarU32()));
            if (types.Length != arity) Fail("type mismatch: br_table labels have different arities");
            _operands.Check(types);
        }

        reader.Position = after;
        _operands.Pop(LabelTypes(ref BranchTarget(defaultDepth)));
        Unreachable();
    }

    private ControlInfo[] TakeRecords()
    {
        if (_recordCount == 0) return [];
        var infos = new ControlInfo[_recordCount];
        for (int i = 0; i < infos.Length; i++)
        {
            ref var r = ref _records[i];
            infos[i] = new ControlInfo(r.Start, r.Else, r.End, r.IsBranchTarget);
        }

        return infos;
    }
}
