namespace Wasmbox.Engine.Wasi.Abi;

/// <summary>
/// Sizes and field offsets of the preview1 records in guest memory (wasm32, little-endian, each
/// field aligned to its size, records padded to their largest alignment), as the witx
/// <c>record</c> and <c>union</c> layout rules give them.
/// </summary>
public static class Layouts
{
    /// <summary><c>iovec</c>/<c>ciovec</c>: buf u32 @0, buf_len u32 @4.</summary>
    public static class IoVec
    {
        public const int Size = 8;
        public const int Buf = 0;
        public const int BufLen = 4;
    }

    /// <summary><c>fdstat</c>: filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16.</summary>
    public static class Fdstat
    {
        public const int Size = 24;
        public const int FileType = 0;
        public const int Flags = 2;
        public const int RightsBase = 8;
        public const int RightsInheriting = 16;
    }

    /// <summary><c>filestat</c>: dev @0, ino @8, filetype u8 @16, nlink @24, size @32, atim @40, mtim @48, ctim @56.</summary>
    public static class Filestat
    {
        public const int Size = 64;
        public const int Dev = 0;
        public const int Ino = 8;
        public const int FileType = 16;
        public const int Nlink = 24;
        public const int FileSize = 32;
        public const int Atim = 40;
        public const int Mtim = 48;
        public const int Ctim = 56;
    }

    /// <summary><c>prestat</c>: tag u8 @0, then the <c>prestat_dir</c> arm, pr_name_len u32 @4.</summary>
    public static class Prestat
    {
        public const int Size = 8;
        public const int Tag = 0;
        public const int NameLength = 4;
    }

    /// <summary><c>dirent</c> header: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20; the name follows it.</summary>
    public static class Dirent
    {
        public const int Size = 24;
        public const int Next = 0;
        public const int Ino = 8;
        public const int NameLength = 16;
        public const int Type = 20;
    }

    /// <summary>
    /// <c>subscription</c>: userdata u64 @0, tag u8 @8, union contents @16. The clock arm is id u32
    /// @16, timeout u64 @24, precision u64 @32, flags u16 @40; the fd arms are file_descriptor u32 @16.
    /// </summary>
    public static class Subscription
    {
        public const int Size = 48;
        public const int Userdata = 0;
        public const int Tag = 8;
        public const int ClockId = 16;
        public const int ClockTimeout = 24;
        public const int ClockPrecision = 32;
        public const int ClockFlags = 40;
        public const int FileDescriptor = 16;
    }

    /// <summary><c>event</c>: userdata u64 @0, error u16 @8, type u8 @10, fd_readwrite.nbytes u64 @16, fd_readwrite.flags u16 @24.</summary>
    public static class Event
    {
        public const int Size = 32;
        public const int Userdata = 0;
        public const int Error = 8;
        public const int Type = 10;
        public const int NBytes = 16;
        public const int Flags = 24;
    }
}
