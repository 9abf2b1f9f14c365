using System.Runtime.InteropServices;

namespace Wasmbox.Engine.Wasi.Host;

/// <summary>struct timespec on LP64 Linux.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TimeSpec
{
    public long Seconds;
    public long Nanoseconds;
}

/// <summary>
/// struct statx (include/uapi/linux/stat.h). Its layout is the same on every architecture, which
/// is why we use statx rather than struct stat, whose layout differs between x86-64 and arm64.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatxBuffer
{
    /// <summary>STATX_BASIC_STATS: type, mode, nlink, uid, gid, atime, mtime, ctime, ino, size, blocks.</summary>
    public const uint BasicStats = 0x7FF;

    [FieldOffset(0)] public uint Mask;
    [FieldOffset(16)] public uint Nlink;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Ino;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(64)] public long AtimeSeconds;
    [FieldOffset(72)] public uint AtimeNanoseconds;
    [FieldOffset(96)] public long CtimeSeconds;
    [FieldOffset(104)] public uint CtimeNanoseconds;
    [FieldOffset(112)] public long MtimeSeconds;
    [FieldOffset(120)] public uint MtimeNanoseconds;
    [FieldOffset(136)] public uint DevMajor;
    [FieldOffset(140)] public uint DevMinor;
}

/// <summary>struct pollfd.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public const short In = 0x1;
    public const short Out = 0x4;
    public const short Error = 0x8;
    public const short HangUp = 0x10;
    public const short Invalid = 0x20;

    public int Fd;
    public short Events;
    public short ReturnedEvents;
}
