using Wasmbox.Engine.Runtime.Native;

namespace Wasmbox.Engine.Wasi.Memory;

/// <summary>Guest memory backed by the engine's native <see cref="LinearMemory"/>.</summary>
public sealed class LinearMemoryGuestMemory(LinearMemory memory) : IGuestMemory
{
    public ulong Size => memory.SizeInBytes;

    public bool TryGetSpan(uint offset, uint length, out Span<byte> span)
    {
        // A 4 GiB memory has windows no Span can describe; a WASI call asking for one gets a fault
        // (callers that can legally do less, like reads and writes, clamp their lengths first).
        if (length > int.MaxValue || (ulong)offset + length > memory.SizeInBytes)
        {
            span = default;
            return false;
        }

        span = memory.GetSpan(offset, (int)length);
        return true;
    }
}
