namespace Wasmbox.Engine.Wasi.Abi;

/// <summary>WASI preview1 <c>clockid</c> (<c>enum (@witx tag u32)</c>). Same numbering as Linux's clock ids.</summary>
public enum ClockId : uint
{
    Realtime = 0,
    Monotonic = 1,
    ProcessCputime = 2,
    ThreadCputime = 3,
}

/// <summary>WASI preview1 <c>whence</c> (<c>enum (@witx tag u8)</c>). Same numbering as Linux's SEEK_*.</summary>
public enum Whence : byte
{
    Set = 0,
    Cur = 1,
    End = 2,
}

/// <summary>WASI preview1 <c>advice</c> (<c>enum (@witx tag u8)</c>). Same numbering as Linux's POSIX_FADV_*.</summary>
public enum Advice : byte
{
    Normal = 0,
    Sequential = 1,
    Random = 2,
    Willneed = 3,
    Dontneed = 4,
    Noreuse = 5,
}

/// <summary>WASI preview1 <c>eventtype</c> (<c>enum (@witx tag u8)</c>).</summary>
public enum EventType : byte
{
    Clock = 0,
    FdRead = 1,
    FdWrite = 2,
}

/// <summary>WASI preview1 <c>preopentype</c> (<c>enum (@witx tag u8)</c>).</summary>
public enum PreopenType : byte
{
    Dir = 0,
}
