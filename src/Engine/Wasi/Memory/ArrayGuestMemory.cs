namespace Wasmbox.Engine.Wasi.Memory;

/// <summary>Guest memory backed by a managed byte array: for tests and for embedders without native memory.</summary>
public sealed class ArrayGuestMemory(byte[] bytes) : IGuestMemory
{
    public ArrayGuestMemory(int size)
        : this(new byte[size])
    {
    }

    /// <summary>The backing array, for tests to arrange inputs and inspect results.</summary>
    public byte[] Bytes { get; } = bytes;

    public ulong Size => (ulong)Bytes.Length;

    public bool TryGetSpan(uint offset, uint length, out Span<byte> span)
    {
        if ((ulong)offset + length > (ulong)Bytes.Length)
        {
            span = default;
            return false;
        }

        span = Bytes.AsSpan((int)offset, (int)length);
        return true;
    }
}
