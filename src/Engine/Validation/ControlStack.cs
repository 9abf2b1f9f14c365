using System.Runtime.CompilerServices;

namespace Wasmbox.Engine.Validation;

/// <summary>One entry of the spec's control stack.</summary>
internal struct ControlFrame
{
    /// <summary>
    /// The block type: a type index, <see cref="InstructionDecoding.EmptyBlockType"/>, or a negated
    /// value type encoding. The function's own frame uses the function's type index.
    /// </summary>
    public int BlockType;

    /// <summary>Operand stack height when the frame was entered (its parameters excluded).</summary>
    public int Height;

    /// <summary>Index into the function's control records, or -1 for the function frame.</summary>
    public int Record;

    /// <summary>Block, Loop, If or Else; <see cref="FunctionKind"/> for the body itself.</summary>
    public byte Kind;

    /// <summary>The rest of the frame is dead code after br, return, unreachable and the like.</summary>
    public bool Unreachable;

    public const byte FunctionKind = 0;
}

/// <summary>The control stack: a reusable array of frames, the innermost last.</summary>
internal struct ControlStack
{
    private ControlFrame[] _frames;
    private int _count;
    private int _max;

    public ControlStack(int capacity)
    {
        _frames = new ControlFrame[capacity];
    }

    public readonly int Count => _count;

    public readonly int MaxDepth => _max;

    public void Reset()
    {
        _count = 0;
        _max = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(byte kind, int blockType, int height, int record)
    {
        var frames = _frames;
        int n = _count;
        if ((uint)n >= (uint)frames.Length) frames = Grow();
        ref var frame = ref frames[n];
        frame.Kind = kind;
        frame.BlockType = blockType;
        frame.Height = height;
        frame.Record = record;
        frame.Unreachable = false;
        _count = ++n;
        if (n > _max) _max = n;
    }

    /// <summary>The innermost frame.</summary>
    public readonly ref ControlFrame Top
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _frames[_count - 1];
    }

    /// <summary>The frame a branch to label <paramref name="depth"/> targets; the caller checks the depth.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ref ControlFrame Label(uint depth) => ref _frames[_count - 1 - (int)depth];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Pop() => _count--;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ControlFrame[] Grow()
    {
        Array.Resize(ref _frames, _frames.Length * 2);
        return _frames;
    }
}
