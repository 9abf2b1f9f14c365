namespace Wasmbox.Engine.Wasi.Abi;

/// <summary>WASI preview1 <c>fdflags</c> (<c>flags (@witx repr u16)</c>).</summary>
[Flags]
public enum FdFlags : ushort
{
    None = 0,
    Append = 1 << 0,
    Dsync = 1 << 1,
    Nonblock = 1 << 2,
    Rsync = 1 << 3,
    Sync = 1 << 4,
    All = Append | Dsync | Nonblock | Rsync | Sync,
}

/// <summary>WASI preview1 <c>oflags</c> (<c>flags (@witx repr u16)</c>): how <c>path_open</c> opens.</summary>
[Flags]
public enum OFlags : ushort
{
    None = 0,
    Creat = 1 << 0,
    Directory = 1 << 1,
    Excl = 1 << 2,
    Trunc = 1 << 3,
    All = Creat | Directory | Excl | Trunc,
}

/// <summary>WASI preview1 <c>lookupflags</c> (<c>flags (@witx repr u32)</c>).</summary>
[Flags]
public enum LookupFlags : uint
{
    None = 0,
    SymlinkFollow = 1 << 0,
    All = SymlinkFollow,
}

/// <summary>WASI preview1 <c>fstflags</c> (<c>flags (@witx repr u16)</c>): which timestamps to set.</summary>
[Flags]
public enum FstFlags : ushort
{
    None = 0,
    Atim = 1 << 0,
    AtimNow = 1 << 1,
    Mtim = 1 << 2,
    MtimNow = 1 << 3,
    All = Atim | AtimNow | Mtim | MtimNow,
}

/// <summary>WASI preview1 <c>subclockflags</c> (<c>flags (@witx repr u16)</c>).</summary>
[Flags]
public enum SubclockFlags : ushort
{
    None = 0,
    SubscriptionClockAbstime = 1 << 0,
}

/// <summary>WASI preview1 <c>eventrwflags</c> (<c>flags (@witx repr u16)</c>).</summary>
[Flags]
public enum EventRwFlags : ushort
{
    None = 0,
    FdReadwriteHangup = 1 << 0,
}

/// <summary>WASI preview1 <c>riflags</c> (<c>flags (@witx repr u16)</c>), for <c>sock_recv</c>.</summary>
[Flags]
public enum RiFlags : ushort
{
    None = 0,
    RecvPeek = 1 << 0,
    RecvWaitall = 1 << 1,
}

/// <summary>WASI preview1 <c>sdflags</c> (<c>flags (@witx repr u8)</c>), for <c>sock_shutdown</c>.</summary>
[Flags]
public enum SdFlags : byte
{
    None = 0,
    Rd = 1 << 0,
    Wr = 1 << 1,
}
