using System.Runtime.InteropServices;
using Wasmbox.Engine.Runtime.Native;

namespace Wasmbox.Engine.Tests.Runtime.Native;

public class LibcTests
{
    private const int EINVAL = 22;

    [Fact]
    public void PageSizeIsAPowerOfTwoOfAtLeast4KiB()
    {
        Assert.True(Libc.PageSize >= 4096);
        Assert.Equal(0, Libc.PageSize & (Libc.PageSize - 1));
    }

    [Fact]
    public void RoundUpToPageRoundsToWholePages()
    {
        var page = (nuint)Libc.PageSize;
        Assert.Equal((nuint)0, Libc.RoundUpToPage(0));
        Assert.Equal(page, Libc.RoundUpToPage(1));
        Assert.Equal(page, Libc.RoundUpToPage(page));
        Assert.Equal(2 * page, Libc.RoundUpToPage(page + 1));
    }

    [Fact]
    public void MapProtectUnmapRoundTrip()
    {
        var length = (nuint)Libc.PageSize;
        var address = Libc.MapAnonymous(length, Protection.ReadWrite);
        try
        {
            Assert.Equal(0, Marshal.ReadInt64(address)); // fresh anonymous pages are zero
            Marshal.WriteInt64(address, 0x1234);
            Libc.Protect(address, length, Protection.Read);
            Assert.Equal("r--p", ProcSelf.PermissionsAt(address));
            Assert.Equal(0x1234, Marshal.ReadInt64(address));
        }
        finally
        {
            Libc.Unmap(address, length);
        }
    }

    [Fact]
    public void AdviseDontNeedMakesPagesReadAsZero()
    {
        var length = (nuint)Libc.PageSize;
        var address = Libc.MapAnonymous(length, Protection.ReadWrite);
        try
        {
            Marshal.WriteInt64(address, -1);
            Libc.Advise(address, length, Advice.DontNeed);
            Assert.Equal(0, Marshal.ReadInt64(address));
        }
        finally
        {
            Libc.Unmap(address, length);
        }
    }

    [Fact]
    public void FailuresCarryErrnoAndTheCall()
    {
        var mapError = Assert.Throws<NativeMemoryException>(() => Libc.MapAnonymous(0, Protection.ReadWrite));
        Assert.Equal(EINVAL, mapError.Errno);
        Assert.StartsWith("mmap(length=0x0", mapError.Operation);

        // mprotect needs a page-aligned address.
        var protectError = Assert.Throws<NativeMemoryException>(() => Libc.Protect(1, 1, Protection.Read));
        Assert.Equal(EINVAL, protectError.Errno);
        Assert.Contains("mprotect(0x1, 0x1, Read) failed: ", protectError.Message);
        Assert.EndsWith("(errno 22)", protectError.Message);

        Assert.Equal(EINVAL, Assert.Throws<NativeMemoryException>(() => Libc.Unmap(1, 1)).Errno);
        Assert.Equal(EINVAL, Assert.Throws<NativeMemoryException>(() => Libc.Advise(1, 1, Advice.DontNeed)).Errno);
    }

    [Fact]
    public void TryProtectReportsErrnoInsteadOfThrowing()
    {
        Assert.False(Libc.TryProtect(1, 1, Protection.Read, out var errno));
        Assert.Equal(EINVAL, errno);
    }
}
