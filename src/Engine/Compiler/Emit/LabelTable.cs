namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>
/// Where each label is bound and which rel32 fields still wait for it. A reference to a bound label
/// is resolved at once; a forward reference is chained onto its label and patched by
/// <see cref="Bind"/>. All state lives in flat arrays that only grow, so steady-state use is
/// allocation free.
/// </summary>
/// <remarks>
/// Every rel32 this layer emits (jmp, jcc, call, rip-relative lea) is the last four bytes of its
/// instruction, so the displacement is always target - (field offset + 4) and a fixup only needs
/// the field's offset.
/// </remarks>
internal sealed class LabelTable
{
    private const int Unbound = -1;
    private const int EndOfChain = -1;

    private int[] _boundOffsets = new int[256];
    private int[] _firstPendingFixup = new int[256];
    private int _labelCount;

    private PendingFixup[] _fixups = new PendingFixup[256];
    private int _fixupCount;
    private int _labelsWithPendingFixups;

    private struct PendingFixup
    {
        public int FieldOffset;
        public int Next;
    }

    public int Count => _labelCount;

    /// <summary>Labels that are referenced but not bound yet.</summary>
    public int UnresolvedCount => _labelsWithPendingFixups;

    public CodeLabel NewLabel()
    {
        if (_labelCount == _boundOffsets.Length)
        {
            Array.Resize(ref _boundOffsets, _labelCount * 2);
            Array.Resize(ref _firstPendingFixup, _labelCount * 2);
        }
        _boundOffsets[_labelCount] = Unbound;
        _firstPendingFixup[_labelCount] = EndOfChain;
        return new CodeLabel(_labelCount++);
    }

    public bool IsBound(CodeLabel label) => _boundOffsets[IdOf(label)] != Unbound;

    /// <summary>The buffer offset <paramref name="label"/> is bound to, or -1 while it is unbound.</summary>
    public int OffsetOf(CodeLabel label) => _boundOffsets[IdOf(label)];

    public void Bind(CodeLabel label, int offset, CodeBuffer code)
    {
        int id = IdOf(label);
        if (_boundOffsets[id] != Unbound)
            throw new InvalidOperationException($"Label {label} is already bound at offset {_boundOffsets[id]}.");
        _boundOffsets[id] = offset;

        int fixup = _firstPendingFixup[id];
        if (fixup == EndOfChain)
            return;
        for (; fixup != EndOfChain; fixup = _fixups[fixup].Next)
            PatchRel32(code, _fixups[fixup].FieldOffset, offset);
        _firstPendingFixup[id] = EndOfChain;
        _labelsWithPendingFixups--;
    }

    /// <summary>
    /// Fills the rel32 field at <paramref name="fieldOffset"/> (the last four bytes of its
    /// instruction) with the distance to <paramref name="label"/>, now or when the label is bound.
    /// </summary>
    public void ReferenceRel32(CodeLabel label, int fieldOffset, CodeBuffer code)
    {
        int id = IdOf(label);
        int target = _boundOffsets[id];
        if (target != Unbound)
        {
            PatchRel32(code, fieldOffset, target);
            return;
        }

        if (_fixupCount == _fixups.Length)
            Array.Resize(ref _fixups, _fixupCount * 2);
        int head = _firstPendingFixup[id];
        if (head == EndOfChain)
            _labelsWithPendingFixups++;
        _fixups[_fixupCount] = new PendingFixup { FieldOffset = fieldOffset, Next = head };
        _firstPendingFixup[id] = _fixupCount++;
    }

    public void Reset()
    {
        _labelCount = 0;
        _fixupCount = 0;
        _labelsWithPendingFixups = 0;
    }

    private static void PatchRel32(CodeBuffer code, int fieldOffset, int target) =>
        code.PatchInt32(fieldOffset, target - (fieldOffset + sizeof(int)));

    private int IdOf(CodeLabel label)
    {
        int id = label.Id;
        if ((uint)id >= (uint)_labelCount)
            throw new ArgumentException($"{label} was not created by this emitter since its last reset.", nameof(label));
        return id;
    }
}
