namespace Wasmbox.Engine.Binary;

/// <summary>Size limits of a memory (in 64 KiB pages) or a table (in elements).</summary>
public readonly record struct Limits(uint Min, uint? Max)
{
    public override string ToString() => Max is { } max ? $"{Min}..{max}" : $"{Min}..";
}

public sealed record TableType(ValType ElementType, Limits Limits);

public sealed record MemoryType(Limits Limits);

public readonly record struct GlobalType(ValType Type, bool Mutable)
{
    public override string ToString() => Mutable ? $"(mut {Type.ToWat()})" : Type.ToWat();
}

/// <summary>The four kinds of definition a module can import or export, by binary encoding.</summary>
public enum ExternalKind : byte
{
    Function = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
}
