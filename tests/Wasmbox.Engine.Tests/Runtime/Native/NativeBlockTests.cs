using System.Runtime.InteropServices;
using Wasmbox.Engine.Runtime.Native;

namespace Wasmbox.Engine.Tests.Runtime.Native;

public class NativeBlockTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(24)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void BlocksAreZeroedAndCacheLineAligned(int size)
    {
        using var block = new NativeBlock((nuint)size);
        Assert.Equal((nuint)size, block.Size);
        Assert.Equal(0, block.Address % NativeBlock.Alignment);
        Assert.All(block.AsSpan<byte>().ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void TypedViewsCoverWholeElementsOfTheSameBytes()
    {
        using var block = new NativeBlock(20);
        var longs = block.AsSpan<long>();
        Assert.Equal(2, longs.Length); // 20 bytes hold two whole longs
        longs[1] = 0x0102030405060708;
        Assert.Equal(0x0102030405060708, Marshal.ReadInt64(block.Address, 8));
        Assert.Equal(0x08, block.AsSpan<byte>()[8]);
    }

    [Fact]
    public void ZeroSizeIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NativeBlock(0));
    }

    [Fact]
    public void DisposedBlockRefusesAccessAndMayBeDisposedAgain()
    {
        var block = new NativeBlock(64);
        block.Dispose();
        Assert.True(block.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => block.Address);
        Assert.Throws<ObjectDisposedException>(() => block.AsSpan<byte>());
        block.Dispose();
    }
}
