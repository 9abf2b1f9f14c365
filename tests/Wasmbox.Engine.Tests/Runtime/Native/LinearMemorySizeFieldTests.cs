using Wasmbox.Engine.Runtime.Native;

namespace Wasmbox.Engine.Tests.Runtime.Native;

/// <summary>
/// The per-context copies of a memory's size that JIT code bounds-checks against. (Fields are
/// registered through <see cref="NativeBlock"/>; the <c>ulong*</c> overloads share the same registry
/// but need unsafe code, which this test project does not enable.)
/// </summary>
public class LinearMemorySizeFieldTests
{
    private const ulong Page = LinearMemory.PageSize;

    [Fact]
    public void RegisteringWritesTheCurrentSize()
    {
        using var memory = LinearMemory.Create(3, null);
        using var context = new NativeBlock(64);
        memory.RegisterSizeField(context, 16);
        Assert.Equal(3 * Page, Field(context, 16));
    }

    [Fact]
    public void GrowUpdatesEveryRegisteredField()
    {
        using var memory = LinearMemory.Create(1, 10);
        using var first = new NativeBlock(64);
        using var second = new NativeBlock(64);
        memory.RegisterSizeField(first, 0);
        memory.RegisterSizeField(first, 8);
        memory.RegisterSizeField(second, 56);

        Assert.Equal(1L, memory.Grow(4));
        Assert.Equal(5 * Page, Field(first, 0));
        Assert.Equal(5 * Page, Field(first, 8));
        Assert.Equal(5 * Page, Field(second, 56));
    }

    [Fact]
    public void RefusedGrowLeavesFieldsUnchanged()
    {
        using var memory = LinearMemory.Create(2, 3);
        using var context = new NativeBlock(8);
        memory.RegisterSizeField(context, 0);
        Assert.Equal(-1L, memory.Grow(2));
        Assert.Equal(2 * Page, Field(context, 0));
    }

    [Fact]
    public void UnregisteredFieldsAreLeftAlone()
    {
        using var memory = LinearMemory.Create(1, null);
        using var context = new NativeBlock(8);
        memory.RegisterSizeField(context, 0);
        Assert.True(memory.UnregisterSizeField(context, 0));
        Assert.False(memory.UnregisterSizeField(context, 0));

        memory.Grow(1);
        Assert.Equal(Page, Field(context, 0));
    }

    [Fact]
    public void FieldsOfDisposedBlocksAreSkipped()
    {
        using var memory = LinearMemory.Create(1, null);
        var gone = new NativeBlock(8);
        using var alive = new NativeBlock(8);
        memory.RegisterSizeField(gone, 0);
        memory.RegisterSizeField(alive, 0);
        gone.Dispose();

        Assert.Equal(1L, memory.Grow(1));
        Assert.Equal(2 * Page, Field(alive, 0));
        Assert.False(memory.UnregisterSizeField(gone, 0)); // dropped at the grow
    }

    [Fact]
    public void DisposingTheMemoryZeroesItsFields()
    {
        var memory = LinearMemory.Create(2, null);
        using var context = new NativeBlock(8);
        memory.RegisterSizeField(context, 0);
        memory.Dispose();
        Assert.Equal(0ul, Field(context, 0)); // stale JIT code now fails every bounds check
    }

    [Fact]
    public void BadRegistrationsAreRejected()
    {
        using var memory = LinearMemory.Create(1, null);
        using var context = new NativeBlock(16);
        memory.RegisterSizeField(context, 8);

        Assert.Throws<ArgumentException>(() => memory.RegisterSizeField(context, 8));            // twice
        Assert.Throws<ArgumentException>(() => memory.RegisterSizeField(context, 4));            // misaligned
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.RegisterSizeField(context, 16)); // past the end
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.RegisterSizeField(context, -8));

        var disposed = new NativeBlock(8);
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => memory.RegisterSizeField(disposed, 0));
    }

    private static ulong Field(NativeBlock block, int offset) => block.AsSpan<ulong>()[offset / sizeof(ulong)];
}
