namespace Wasmbox.Engine.Binary;

/// <summary>
/// An initializer expression (global init, segment offset, element item), kept as the byte range of
/// its instructions, final <c>end</c> included. The decoder only finds where it ends; the validator
/// decides whether it is constant and well-typed, and instantiation evaluates it.
/// </summary>
public readonly record struct ConstantExpression(int Start, int End)
{
    public int Length => End - Start;

    public ReadOnlySpan<byte> GetBytes(ReadOnlySpan<byte> module) => module[Start..End];
}
