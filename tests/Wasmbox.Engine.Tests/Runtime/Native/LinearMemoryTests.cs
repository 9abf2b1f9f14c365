using System.Runtime.InteropServices;
using Wasmbox.Engine.Runtime.Native;

namespace Wasmbox.Engine.Tests.Runtime.Native;

public class LinearMemoryTests
{
    private const int Page = LinearMemory.PageSize;

    [Fact]
    public void CreateCommitsTheInitialPagesAndReservesTheRest()
    {
        using var memory = LinearMemory.Create(2, 5);
        Assert.Equal(2u, memory.Pages);
        Assert.Equal(2ul * Page, memory.SizeInBytes);
        Assert.Equal(5u, memory.MaximumPages);
        Assert.Equal("rw-p", ProcSelf.PermissionsAt(memory.Base));
        Assert.Equal("rw-p", ProcSelf.PermissionsAt(memory.Base + 2 * Page - 1));
        Assert.Equal("---p", ProcSelf.PermissionsAt(memory.Base + 2 * Page));
        Assert.Equal("---p", ProcSelf.PermissionsAt(memory.Base + 5 * Page - 1));
        Assert.All(memory.GetSpan(0, 2 * Page).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void WithoutAMaximumTheReservationLimitIsTheMaximum()
    {
        using var memory = LinearMemory.Create(1, null, reservationLimitPages: 16);
        Assert.Equal(16u, memory.MaximumPages);
        Assert.Equal(1L, memory.Grow(15));
        Assert.Equal(-1L, memory.Grow(1));

        using var defaultLimit = LinearMemory.Create(0, null);
        Assert.Equal(LinearMemory.MaxPages, defaultLimit.MaximumPages);
    }

    [Fact]
    public void EmptyMemoryWithoutMaximumHasAValidBase()
    {
        using var memory = LinearMemory.Create(0, null);
        Assert.NotEqual(0, memory.Base);
        Assert.Equal(0ul, memory.SizeInBytes);
        Assert.Equal(0u, memory.Pages);
        Assert.True(memory.GetSpan(0, 0).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.GetSpan(0, 1));
        Assert.Equal("---p", ProcSelf.PermissionsAt(memory.Base));

        Assert.Equal(0L, memory.Grow(1));
        memory.GetSpan(Page - 1, 1)[0] = 7;
        Assert.Equal(7, Marshal.ReadByte(memory.Base, Page - 1));
    }

    [Fact]
    public void MemoryThatCanNeverGrowStillHasAValidBase()
    {
        using var memory = LinearMemory.Create(0, 0);
        Assert.NotEqual(0, memory.Base);
        Assert.Equal(0L, memory.Grow(0));
        Assert.Equal(-1L, memory.Grow(1));
        Assert.Equal(0ul, memory.SizeInBytes);
    }

    [Theory]
    [InlineData(2u, 1u, LinearMemory.MaxPages)]               // initial above declared maximum
    [InlineData(0u, LinearMemory.MaxPages + 1, LinearMemory.MaxPages)] // maximum above 4 GiB
    [InlineData(0u, null, LinearMemory.MaxPages + 1)]          // reservation limit above 4 GiB
    [InlineData(17u, null, 16u)]                               // initial above the reservation limit
    public void ImpossibleLimitsAreRejected(uint minPages, uint? maxPages, uint reservationLimitPages)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearMemory.Create(minPages, maxPages, reservationLimitPages));
    }

    [Fact]
    public void GrowReturnsTheOldSizeAndKeepsTheBase()
    {
        using var memory = LinearMemory.Create(1, 10);
        var baseAddress = memory.Base;
        Assert.Equal(1L, memory.Grow(2));
        Assert.Equal(3L, memory.Grow(0));
        Assert.Equal(3L, memory.Grow(7));
        Assert.Equal(10u, memory.Pages);
        Assert.Equal(10ul * Page, memory.SizeInBytes);
        Assert.Equal(baseAddress, memory.Base);
        Assert.Equal("rw-p", ProcSelf.PermissionsAt(memory.Base + 10 * Page - 1));
    }

    [Theory]
    [InlineData(8u)]
    [InlineData(LinearMemory.MaxPages)]
    [InlineData(uint.MaxValue)] // old + delta would overflow 32 bits
    public void GrowBeyondTheMaximumIsRefusedAndChangesNothing(uint delta)
    {
        using var memory = LinearMemory.Create(3, 10);
        memory.GetSpan(0, 1)[0] = 1;
        Assert.Equal(-1L, memory.Grow(delta));
        Assert.Equal(3u, memory.Pages);
        Assert.Equal(1, memory.GetSpan(0, 1)[0]);
        Assert.Equal("---p", ProcSelf.PermissionsAt(memory.Base + 3 * Page));
    }

    [Fact]
    public void BytesSurviveGrowAndNewPagesAreZero()
    {
        using var memory = LinearMemory.Create(1, null);
        var pattern = new byte[Page];
        new Random(1234).NextBytes(pattern);
        pattern.CopyTo(memory.GetSpan(0, Page));

        Assert.Equal(1L, memory.Grow(3));
        Assert.Equal(pattern, memory.GetSpan(0, Page).ToArray());
        Assert.All(memory.GetSpan(Page, 3 * Page).ToArray(), b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(0ul, 2 * Page + 1)]
    [InlineData(2ul * Page, 1)]
    [InlineData(2ul * Page + 1, 0)]
    [InlineData(ulong.MaxValue, 2)] // offset + length wraps around
    public void GetSpanOutsideTheMemoryThrows(ulong offset, int length)
    {
        using var memory = LinearMemory.Create(2, null);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => memory.GetSpan(offset, length));
        Assert.Contains("outside linear memory of 0x20000 bytes", error.Message);
    }

    [Fact]
    public void GetSpanReachesTheLastByteAndRejectsNegativeLengths()
    {
        using var memory = LinearMemory.Create(2, null);
        Assert.Equal(1, memory.GetSpan(2ul * Page - 1, 1).Length);
        Assert.True(memory.GetSpan(2ul * Page, 0).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.GetSpan(0, -1));
    }

    [Fact]
    public void ConcurrentGrowsAreSerialized()
    {
        const int Threads = 8, GrowsPerThread = 50;
        using var memory = LinearMemory.Create(0, Threads * GrowsPerThread);
        using var context = new NativeBlock(8);
        memory.RegisterSizeField(context, 0);

        var oldSizes = new long[Threads * GrowsPerThread];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (var i = 0; i < GrowsPerThread; i++) oldSizes[t * GrowsPerThread + i] = memory.Grow(1);
        });

        // Every grow saw a different old size: none was lost or counted twice.
        Assert.Equal(Enumerable.Range(0, Threads * GrowsPerThread).Select(i => (long)i), oldSizes.Order());
        Assert.Equal((uint)(Threads * GrowsPerThread), memory.Pages);
        Assert.Equal(memory.SizeInBytes, context.AsSpan<ulong>()[0]);
        Assert.Equal(-1L, memory.Grow(1));
    }

    [Fact]
    public void DisposedMemoryRefusesUseAndMayBeDisposedAgain()
    {
        var memory = LinearMemory.Create(1, null);
        memory.Dispose();
        Assert.True(memory.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => memory.Grow(1));
        Assert.Throws<ObjectDisposedException>(() => memory.GetSpan(0, 1));
        Assert.Equal(0ul, memory.SizeInBytes);
        memory.Dispose();
    }
}
