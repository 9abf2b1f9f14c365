using System.Collections.Immutable;

namespace Wasmbox.Engine.Runtime.Native;

/// <summary>Several code blobs published into one region; blob i starts at <c>Region.Address + Offsets[i]</c>.</summary>
public readonly struct CodeBatch
{
    internal CodeBatch(CodeRegion region, ImmutableArray<int> offsets)
    {
        Region = region;
        Offsets = offsets;
    }

    /// <summary>The one mapping holding every blob; disposing it frees them all.</summary>
    public CodeRegion Region { get; }

    /// <summary>Offset of each blob from the region start, in the order given, each a multiple of <see cref="CodeMemory.BlobAlignment"/>.</summary>
    public ImmutableArray<int> Offsets { get; }

    /// <summary>Entry address of blob <paramref name="index"/>.</summary>
    public nint EntryAddress(int index) => Region.Address + Offsets[index];
}
