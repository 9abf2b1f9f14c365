using System.Collections.Immutable;

namespace Wasmbox.Engine.Runtime.Native;

/// <summary>
/// Publishes finished machine code under W^X: bytes are copied into fresh read+write pages, which
/// are then flipped to read+execute with one mprotect and never made writable again. Code must be
/// position independent (our JIT's is), since it only learns its final address here.
/// </summary>
public static class CodeMemory
{
    /// <summary>
    /// Each blob of a batch starts on this boundary: the CPU fetches and decodes in 16-byte
    /// blocks, so an aligned entry point avoids a wasted fetch on every call.
    /// </summary>
    public const int BlobAlignment = 16;

    /// <summary>
    /// Fills alignment gaps and the page tail: int3 traps at once if control ever strays there,
    /// where zero bytes would decode as <c>add [rax], al</c> and run on.
    /// </summary>
    private const byte Int3 = 0xCC;

    /// <summary>Publishes one blob of code into its own pages.</summary>
    public static CodeRegion Publish(ReadOnlySpan<byte> code)
    {
        if (code.IsEmpty) throw new ArgumentException("there is no code to publish", nameof(code));

        var pages = MappingHandle.Map((nuint)code.Length, Protection.ReadWrite, extraFlags: 0, reportToGc: true);
        try
        {
            var writable = WritableSpan(pages);
            code.CopyTo(writable);
            writable[code.Length..].Fill(Int3);
            Libc.Protect(pages.Address, pages.Length, Protection.ReadExecute);
            return new CodeRegion(pages, code.Length);
        }
        catch
        {
            pages.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Publishes several blobs into one mapping with a single mprotect, each starting on a
    /// <see cref="BlobAlignment"/> boundary. Empty blobs are allowed (they share the next offset),
    /// but at least one byte of code in total is required.
    /// </summary>
    public static CodeBatch PublishBatch(params ReadOnlySpan<ReadOnlyMemory<byte>> blobs)
    {
        var offsets = ImmutableArray.CreateBuilder<int>(blobs.Length);
        long end = 0;
        foreach (var blob in blobs)
        {
            var start = AlignUp(end);
            offsets.Add(checked((int)start));
            end = start + blob.Length;
        }

        if (end == 0) throw new ArgumentException("there is no code to publish", nameof(blobs));
        var length = checked((int)end);

        var pages = MappingHandle.Map((nuint)length, Protection.ReadWrite, extraFlags: 0, reportToGc: true);
        try
        {
            var writable = WritableSpan(pages);
            writable.Fill(Int3);
            for (var i = 0; i < blobs.Length; i++)
            {
                blobs[i].Span.CopyTo(writable[offsets[i]..]);
            }

            Libc.Protect(pages.Address, pages.Length, Protection.ReadExecute);
            return new CodeBatch(new CodeRegion(pages, length), offsets.MoveToImmutable());
        }
        catch
        {
            pages.Dispose();
            throw;
        }
    }

    private static long AlignUp(long offset) => (offset + BlobAlignment - 1) & ~(long)(BlobAlignment - 1);

    private static unsafe Span<byte> WritableSpan(MappingHandle pages) =>
        new((void*)pages.Address, checked((int)pages.Length));
}
