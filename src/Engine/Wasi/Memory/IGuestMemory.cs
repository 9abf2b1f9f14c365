namespace Wasmbox.Engine.Wasi.Memory;

/// <summary>
/// The guest's linear memory as WASI functions see it: nothing but bounds-checked windows. Every
/// guest pointer a WASI function receives goes through <see cref="TryGetSpan"/>, so a pointer or
/// length outside the memory becomes <c>errno.fault</c>, never a read or write outside it.
/// </summary>
/// <remarks>
/// Spans are used only for the duration of one WASI call and never kept. A WASI call does not run
/// guest code, so the memory cannot grow (or move) while a span is in use.
/// </remarks>
public interface IGuestMemory
{
    /// <summary>Current size in bytes.</summary>
    ulong Size { get; }

    /// <summary>
    /// The bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>),
    /// or false when any of them lies outside the memory (or the window is too large for a span).
    /// </summary>
    bool TryGetSpan(uint offset, uint length, out Span<byte> span);
}
