using System.Runtime.CompilerServices;
using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>
/// The value stack of the spec's validation algorithm (appendix "Validation Algorithm"). It only
/// sees the part that belongs to the innermost control frame: below <see cref="Floor"/> values are
/// out of reach, and once that frame is unreachable, popping at the floor yields
/// <see cref="Unknown"/> (the bottom type) instead of failing.
/// </summary>
internal struct OperandStack
{
    /// <summary>The unknown type of a polymorphic stack; matches every type.</summary>
    public const ValType Unknown = 0;

    private ValType[] _items;
    private int _count;
    private int _floor;
    private bool _polymorphic;
    private int _max;

    /// <summary>Offset of the instruction being checked, for error messages.</summary>
    public int InstructionStart;

    public int FunctionIndex;

    public OperandStack(int capacity)
    {
        _items = new ValType[capacity];
    }

    public readonly int Count => _count;

    public readonly int Floor => _floor;

    public readonly int MaxHeight => _max;

    public void Reset(int functionIndex)
    {
        _count = 0;
        _floor = 0;
        _polymorphic = false;
        _max = 0;
        FunctionIndex = functionIndex;
    }

    /// <summary>Makes the innermost frame's portion of the stack current.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetFrame(int floor, bool polymorphic)
    {
        _floor = floor;
        _polymorphic = polymorphic;
    }

    /// <summary>The spec's unreachable(): drop the frame's values and let the stack be anything.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void MakePolymorphic()
    {
        _count = _floor;
        _polymorphic = true;
    }

    /// <summary>Drops the innermost frame's values.</summary>
    public void MakeEmpty() => _count = _floor;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(ValType type)
    {
        var items = _items;
        int n = _count;
        if ((uint)n >= (uint)items.Length)
        {
            items = Grow(n + 1);
        }

        items[n] = type;
        _count = ++n;
        if (n > _max) _max = n;
    }

    public void Push(ReadOnlySpan<ValType> types)
    {
        int n = _count;
        int end = n + types.Length;
        var items = _items;
        if (end > items.Length) items = Grow(end);
        types.CopyTo(items.AsSpan(n));
        _count = end;
        if (end > _max) _max = end;
    }

    /// <summary>Pops whatever is on top: a type, or <see cref="Unknown"/> on a polymorphic stack.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ValType Pop()
    {
        int n = _count;
        if (n > _floor)
        {
            _count = n - 1;
            return _items[n - 1];
        }

        if (!_polymorphic) ThrowUnderflow(Unknown);
        return Unknown;
    }

    /// <summary>Pops one value that must have the given type; returns what was there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ValType Pop(ValType expected)
    {
        int n = _count;
        if (n > _floor)
        {
            var actual = _items[n - 1];
            _count = n - 1;
            if (actual != expected && actual != Unknown) ThrowMismatch(expected, actual);
            return actual;
        }

        if (!_polymorphic) ThrowUnderflow(expected);
        return Unknown;
    }

    /// <summary>Pops values matching <paramref name="types"/> (the last one is on top).</summary>
    public void Pop(ReadOnlySpan<ValType> types)
    {
        int n = _count;
        int k = types.Length;
        if (n - k >= _floor && types.SequenceEqual(_items.AsSpan(n - k, k)))
        {
            _count = n - k;
            return;
        }

        for (int i = k - 1; i >= 0; i--) Pop(types[i]);
    }

    /// <summary>
    /// Checks that the top of the stack matches <paramref name="types"/> without popping: the
    /// spec's push_vals(pop_vals(types)), which leaves unknown slots unknown.
    /// </summary>
    public readonly void Check(ReadOnlySpan<ValType> types)
    {
        int top = _count;
        for (int i = types.Length - 1, slot = top - 1; i >= 0; i--, slot--)
        {
            if (slot >= _floor)
            {
                var actual = _items[slot];
                if (actual != types[i] && actual != Unknown) ThrowMismatch(types[i], actual);
            }
            else if (!_polymorphic)
            {
                ThrowUnderflow(types[i]);
            }
        }
    }

    /// <summary>A unary operator t1 -> t2, checked in place when the operand is at hand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Unary(ValType operand, ValType result)
    {
        int n = _count - 1;
        var items = _items;
        if (n >= _floor && (uint)n < (uint)items.Length && items[n] == operand)
        {
            items[n] = result;
            return;
        }

        Pop(operand);
        Push(result);
    }

    /// <summary>A binary operator t1 t2 -> t3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Binary(ValType left, ValType right, ValType result)
    {
        int n = _count - 2;
        var items = _items;
        if (n >= _floor && (uint)(n + 1) < (uint)items.Length && items[n + 1] == right && items[n] == left)
        {
            items[n] = result;
            _count = n + 1;
            return;
        }

        Pop(right);
        Pop(left);
        Push(result);
    }

    /// <summary>Whether the frame's portion of the stack holds exactly <paramref name="types"/>.</summary>
    public readonly bool HoldsExactly(ReadOnlySpan<ValType> types) =>
        _count - _floor == types.Length && types.SequenceEqual(_items.AsSpan(_floor, types.Length));

    public readonly void ThrowMismatch(ValType expected, ValType actual) =>
        ValidationErrors.TypeMismatch(expected, actual, InstructionStart, FunctionIndex);

    private readonly void ThrowUnderflow(ValType expected) =>
        ValidationErrors.TypeMismatch(expected, Unknown, InstructionStart, FunctionIndex);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValType[] Grow(int needed)
    {
        Array.Resize(ref _items, Math.Max(needed, _items.Length * 2));
        return _items;
    }
}
