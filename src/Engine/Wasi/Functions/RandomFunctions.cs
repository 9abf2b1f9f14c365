using System.Security.Cryptography;
using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>random_get.</summary>
internal static class RandomFunctions
{
    private const uint Chunk = 1 << 30;

    /// <summary>Fills the buffer from the operating system's cryptographic generator; any length the memory holds.</summary>
    public static Errno Get(WasiContext context, IGuestMemory memory, uint buffer, uint length)
    {
        if (!memory.Contains(buffer, length)) return Errno.Fault;

        // In pieces: a whole 4 GiB memory is more than one span can describe.
        for (uint done = 0; done < length;)
        {
            var size = Math.Min(Chunk, length - done);
            if (!memory.TryGetSpan(buffer + done, size, out var span)) return Errno.Fault;
            RandomNumberGenerator.Fill(span);
            done += size;
        }

        return Errno.Success;
    }
}
