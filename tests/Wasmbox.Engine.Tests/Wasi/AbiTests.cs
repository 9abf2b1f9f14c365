using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>Numbering and layouts that must match the preview1 witx bit for bit.</summary>
public sealed class AbiTests
{
    [Fact]
    public void ErrnoValuesFollowTheWitxOrder()
    {
        Assert.Equal(77, Enum.GetValues<Errno>().Length);
        Assert.Equal(0, (int)Errno.Success);
        Assert.Equal(1, (int)Errno.TooBig);
        Assert.Equal(2, (int)Errno.Acces);
        Assert.Equal(8, (int)Errno.Badf);
        Assert.Equal(20, (int)Errno.Exist);
        Assert.Equal(21, (int)Errno.Fault);
        Assert.Equal(28, (int)Errno.Inval);
        Assert.Equal(31, (int)Errno.Isdir);
        Assert.Equal(32, (int)Errno.Loop);
        Assert.Equal(44, (int)Errno.Noent);
        Assert.Equal(52, (int)Errno.Nosys);
        Assert.Equal(54, (int)Errno.Notdir);
        Assert.Equal(55, (int)Errno.Notempty);
        Assert.Equal(57, (int)Errno.Notsock);
        Assert.Equal(58, (int)Errno.Notsup);
        Assert.Equal(63, (int)Errno.Perm);
        Assert.Equal(70, (int)Errno.Spipe);
        Assert.Equal(76, (int)Errno.Notcapable);
    }

    [Fact]
    public void RightsBitsFollowTheWitxOrder()
    {
        Assert.Equal(1UL << 0, (ulong)Rights.FdDatasync);
        Assert.Equal(1UL << 1, (ulong)Rights.FdRead);
        Assert.Equal(1UL << 6, (ulong)Rights.FdWrite);
        Assert.Equal(1UL << 13, (ulong)Rights.PathOpen);
        Assert.Equal(1UL << 14, (ulong)Rights.FdReaddir);
        Assert.Equal(1UL << 19, (ulong)Rights.PathFilestatSetSize);
        Assert.Equal(1UL << 27, (ulong)Rights.PollFdReadwrite);
        Assert.Equal(1UL << 29, (ulong)Rights.SockAccept);
        Assert.Equal(0x3FFF_FFFFUL, (ulong)Rights.All);
    }

    [Fact]
    public void FlagAndEnumValuesFollowTheWitx()
    {
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], Enum.GetValues<FileType>().Select(t => (int)t));
        Assert.Equal(FileType.Directory, (FileType)3);
        Assert.Equal(FileType.SymbolicLink, (FileType)7);
        Assert.Equal(0x10, (int)FdFlags.Sync);
        Assert.Equal(0x8, (int)OFlags.Trunc);
        Assert.Equal(0x4, (int)OFlags.Excl);
        Assert.Equal(0x8, (int)FstFlags.MtimNow);
        Assert.Equal(2, (int)Whence.End);
        Assert.Equal(2, (int)EventType.FdWrite);
        Assert.Equal(3u, (uint)ClockId.ThreadCputime);
    }

    [Fact]
    public void RecordSizesAreThePreview1Layouts()
    {
        Assert.Equal(8, Layouts.IoVec.Size);
        Assert.Equal(24, Layouts.Fdstat.Size);
        Assert.Equal(64, Layouts.Filestat.Size);
        Assert.Equal(8, Layouts.Prestat.Size);
        Assert.Equal(24, Layouts.Dirent.Size);
        Assert.Equal(48, Layouts.Subscription.Size);
        Assert.Equal(32, Layouts.Event.Size);
    }

    [Fact]
    public void RightSetsKeepDirectoriesFromSeekingOrResizing()
    {
        Assert.Equal(Rights.None, RightSets.Directory & (Rights.FdSeek | Rights.FdTell | Rights.FdFilestatSetSize | Rights.FdRead | Rights.FdWrite));
        Assert.Equal(Rights.None, RightSets.File & (Rights.PathOpen | Rights.FdReaddir));
        Assert.Equal(Rights.None, (RightSets.Inheritable & ~RightSets.Mutating) & (Rights.FdWrite | Rights.PathCreateFile | Rights.PathUnlinkFile | Rights.PathLinkSource));
    }
}
