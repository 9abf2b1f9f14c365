using System.Runtime.InteropServices;
using Wasmbox.Engine.Runtime.Native;
using static Wasmbox.Engine.Tests.Runtime.Native.MachineCode;

namespace Wasmbox.Engine.Tests.Runtime.Native;

public class CodeMemoryTests
{
    [Fact]
    public void PublishedCodeRuns()
    {
        using var region = CodeMemory.Publish([0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3]); // mov eax, 42; ret
        Assert.Equal(42, Call(region.Address));
        Assert.Equal(6, region.Length);
    }

    [Fact]
    public void PublishedPagesAreReadExecuteOnly()
    {
        // Three pages' worth, so the check covers the first and the last page.
        var code = new byte[2 * Libc.PageSize + 100];
        Return(7).CopyTo(code, 0);
        using var region = CodeMemory.Publish(code);

        Assert.Equal((nuint)(3 * Libc.PageSize), region.MappedLength);
        Assert.Equal("r-xp", ProcSelf.PermissionsAt(region.Address));
        Assert.Equal("r-xp", ProcSelf.PermissionsAt(region.Address + (nint)region.MappedLength - 1));
        Assert.Equal(7, Call(region.Address));
    }

    [Fact]
    public void PageTailIsFilledWithInt3()
    {
        using var region = CodeMemory.Publish(Return(1));
        var mapped = ReadBytes(region.Address, (int)region.MappedLength);
        Assert.Equal(Return(1), mapped[..6]);
        Assert.All(mapped[6..], b => Assert.Equal(0xCC, b));
    }

    [Fact]
    public void BatchPublishesAlignedBlobsIntoOneRegion()
    {
        var batch = CodeMemory.PublishBatch(Return(1), Array.Empty<byte>(), Return(2), new byte[20], Return(3));
        using var region = batch.Region;

        Assert.Equal([0, 16, 16, 32, 64], batch.Offsets.ToArray());
        Assert.Equal(70, region.Length);
        Assert.Equal(1, Call(batch.EntryAddress(0)));
        Assert.Equal(2, Call(batch.EntryAddress(2)));
        Assert.Equal(3, Call(batch.EntryAddress(4)));
        Assert.Equal("r-xp", ProcSelf.PermissionsAt(region.Address));

        var bytes = ReadBytes(region.Address, 70);
        Assert.All(bytes[6..16], b => Assert.Equal(0xCC, b)); // alignment gap
        Assert.All(bytes[32..52], b => Assert.Equal(0, b));   // the zero blob was copied as given
        Assert.All(bytes[52..64], b => Assert.Equal(0xCC, b));
    }

    [Fact]
    public void BatchSpanningSeveralPagesUsesOneMapping()
    {
        var big = new byte[Libc.PageSize * 2];
        var batch = CodeMemory.PublishBatch(big, Return(5));
        using var region = batch.Region;

        Assert.Equal(2 * Libc.PageSize, batch.Offsets[1]);
        Assert.Equal((nuint)(3 * Libc.PageSize), region.MappedLength);
        Assert.Equal(5, Call(batch.EntryAddress(1)));
        Assert.Equal("r-xp", ProcSelf.PermissionsAt(batch.EntryAddress(1)));
    }

    [Fact]
    public void NothingToPublishIsRejected()
    {
        Assert.Throws<ArgumentException>(() => CodeMemory.Publish([]));
        Assert.Throws<ArgumentException>(() => CodeMemory.PublishBatch());
        Assert.Throws<ArgumentException>(() => CodeMemory.PublishBatch(Array.Empty<byte>(), Array.Empty<byte>()));
    }

    [Fact]
    public void DisposedRegionRefusesItsAddressAndMayBeDisposedAgain()
    {
        var region = CodeMemory.Publish(Return(1));
        region.Dispose();
        Assert.True(region.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => region.Address);
        region.Dispose();
    }

    private static byte[] ReadBytes(nint address, int length)
    {
        var bytes = new byte[length];
        Marshal.Copy(address, bytes, 0, length);
        return bytes;
    }
}
