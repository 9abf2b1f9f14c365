namespace Wasmbox.Engine.Binary;

public enum SegmentMode : byte
{
    Active,
    Passive,
    Declarative,
}

/// <summary>
/// An element segment in any of its eight encodings. Encodings that list function indices fill
/// <see cref="FunctionIndices"/>; those that list expressions fill <see cref="Expressions"/>.
/// </summary>
public sealed class ElementSegment
{
    public required SegmentMode Mode { get; init; }
    public required ValType ElementType { get; init; }
    public uint TableIndex { get; init; }
    public ConstantExpression Offset { get; init; }
    public uint[]? FunctionIndices { get; init; }
    public ConstantExpression[]? Expressions { get; init; }

    public int Count => FunctionIndices?.Length ?? Expressions!.Length;
}

public sealed class DataSegment
{
    public required SegmentMode Mode { get; init; }
    public uint MemoryIndex { get; init; }
    public ConstantExpression Offset { get; init; }

    /// <summary>Where the segment's bytes lie in the module binary.</summary>
    public required int DataStart { get; init; }
    public required int DataLength { get; init; }
}

public sealed class GlobalDefinition
{
    public required GlobalType Type { get; init; }
    public required ConstantExpression Init { get; init; }
}

/// <summary>Locals declared in a function body, as the binary compresses them: runs of one type.</summary>
public readonly record struct LocalRun(uint Count, ValType Type);

/// <summary>
/// A function body as the decoder leaves it: its local declarations, and the byte range of its
/// instructions (the final <c>end</c> included). Instructions are decoded by whoever walks them,
/// the validator first and the compiler after it, so no per-instruction objects are ever built.
/// </summary>
public sealed class FunctionBody
{
    public required LocalRun[] Locals { get; init; }

    /// <summary>Number of declared locals, parameters not included.</summary>
    public required uint LocalCount { get; init; }

    public required int CodeStart { get; init; }
    public required int CodeEnd { get; init; }
}

public sealed class CustomSection
{
    public required string Name { get; init; }
    public required int ContentStart { get; init; }
    public required int ContentLength { get; init; }
}
