namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>
/// The NOP sequences the Intel and AMD optimization manuals recommend: one instruction of up to
/// nine bytes decodes faster than a run of single-byte NOPs when padding is executed.
/// </summary>
internal static class MultiByteNops
{
    private const int LongestNop = 9;

    // The recommended NOPs of one to nine bytes, stored back to back in order of size.
    private static ReadOnlySpan<byte> Sequences =>
    [
        0x90,
        0x66, 0x90,
        0x0F, 0x1F, 0x00,
        0x0F, 0x1F, 0x40, 0x00,
        0x0F, 0x1F, 0x44, 0x00, 0x00,
        0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00,
        0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00,
        0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
    ];

    /// <summary>Fills <paramref name="destination"/> with as few NOP instructions as possible; returns its length.</summary>
    public static int Write(Span<byte> destination)
    {
        int remaining = destination.Length;
        int at = 0;
        while (remaining > 0)
        {
            int size = Math.Min(remaining, LongestNop);
            Sequence(size).CopyTo(destination[at..]);
            at += size;
            remaining -= size;
        }
        return destination.Length;
    }

    // The n-byte sequence starts after the sequences of sizes 1..n-1, i.e. at n(n-1)/2.
    private static ReadOnlySpan<byte> Sequence(int size) => Sequences.Slice(size * (size - 1) / 2, size);
}
