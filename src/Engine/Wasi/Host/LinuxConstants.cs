namespace Wasmbox.Engine.Wasi.Host;

/// <summary>open(2) flags (Linux x86-64 values).</summary>
internal static class OpenFlags
{
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int ReadWrite = 2;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int NoControllingTerminal = 0x100;
    public const int Truncate = 0x200;
    public const int Append = 0x400;
    public const int NonBlock = 0x800;
    public const int DataSync = 0x1000;
    public const int Directory = 0x10000;
    public const int NoFollow = 0x20000;
    public const int CloseOnExec = 0x80000;

    /// <summary>O_SYNC; Linux defines O_RSYNC as the same value.</summary>
    public const int Sync = 0x101000;

    /// <summary>O_PATH: a handle for path walking and fstat only, needing no read permission.</summary>
    public const int Path = 0x200000;
}

/// <summary>The *at(2) flags and special values we use.</summary>
internal static class AtFlags
{
    public const int SymlinkNoFollow = 0x100;
    public const int RemoveDirectory = 0x200;
    public const int EmptyPath = 0x1000;
}

/// <summary>fcntl(2) commands.</summary>
internal static class FcntlCommand
{
    public const int GetFlags = 3;
    public const int SetFlags = 4;
}

/// <summary>File type bits of st_mode.</summary>
internal static class FileMode
{
    public const uint TypeMask = 0xF000;
    public const uint Fifo = 0x1000;
    public const uint CharacterDevice = 0x2000;
    public const uint Directory = 0x4000;
    public const uint BlockDevice = 0x6000;
    public const uint Regular = 0x8000;
    public const uint SymbolicLink = 0xA000;
    public const uint Socket = 0xC000;
}

/// <summary>Special tv_nsec values for utimensat/futimens.</summary>
internal static class TimeSpecial
{
    public const long Now = (1L << 30) - 1;
    public const long Omit = (1L << 30) - 2;
}
