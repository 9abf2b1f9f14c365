using System.Runtime.InteropServices;

namespace Wasmbox.Engine.Runtime.Native;

/// <summary>Page protection bits for mmap/mprotect (Linux values).</summary>
[Flags]
internal enum Protection
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
    ReadWrite = Read | Write,
    ReadExecute = Read | Execute,
}

/// <summary>mmap flags we use (Linux x86-64 values).</summary>
[Flags]
internal enum MapFlags
{
    Private = 0x02,
    Anonymous = 0x20,

    /// <summary>Do not charge the mapping against the commit limit: a reservation costs nothing until touched.</summary>
    NoReserve = 0x4000,
}

/// <summary>madvise advice values we use (Linux values).</summary>
internal enum Advice
{
    /// <summary>Drop the pages; a private anonymous mapping reads as zero afterwards.</summary>
    DontNeed = 4,
}

/// <summary>
/// The libc calls the native memory layer stands on. Every wrapper either succeeds or throws a
/// <see cref="NativeMemoryException"/> carrying errno, except the <c>Try</c> forms, which report
/// errno to callers that treat some failures (ENOMEM on grow) as an answer rather than a bug.
/// </summary>
internal static partial class Libc
{
    public const int ENOMEM = 12;

    private const string LibraryName = "libc";
    private static readonly nint MapFailed = -1;

    public static int PageSize { get; } = Environment.SystemPageSize;

    /// <summary>Rounds a byte count up to whole pages.</summary>
    public static nuint RoundUpToPage(nuint bytes)
    {
        var mask = (nuint)PageSize - 1;
        return checked(bytes + mask) & ~mask;
    }

    /// <summary>Maps fresh anonymous private pages (always zero-filled by the kernel).</summary>
    public static nint MapAnonymous(nuint length, Protection protection, MapFlags extraFlags = 0)
    {
        var flags = MapFlags.Private | MapFlags.Anonymous | extraFlags;
        var address = mmap(0, length, (int)protection, (int)flags, -1, 0);
        if (address == MapFailed)
        {
            throw new NativeMemoryException($"mmap(length=0x{length:x}, {protection}, {flags})", Marshal.GetLastPInvokeError());
        }

        return address;
    }

    public static void Unmap(nint address, nuint length)
    {
        if (!TryUnmap(address, length, out var errno))
        {
            throw new NativeMemoryException($"munmap(0x{address:x}, 0x{length:x})", errno);
        }
    }

    /// <summary>munmap without throwing, for release paths (finalizers must not throw).</summary>
    public static bool TryUnmap(nint address, nuint length, out int errno)
    {
        errno = munmap(address, length) == 0 ? 0 : Marshal.GetLastPInvokeError();
        return errno == 0;
    }

    public static void Protect(nint address, nuint length, Protection protection)
    {
        if (!TryProtect(address, length, protection, out var errno))
        {
            throw new NativeMemoryException($"mprotect(0x{address:x}, 0x{length:x}, {protection})", errno);
        }
    }

    public static bool TryProtect(nint address, nuint length, Protection protection, out int errno)
    {
        errno = mprotect(address, length, (int)protection) == 0 ? 0 : Marshal.GetLastPInvokeError();
        return errno == 0;
    }

    public static void Advise(nint address, nuint length, Advice advice)
    {
        if (madvise(address, length, (int)advice) != 0)
        {
            throw new NativeMemoryException($"madvise(0x{address:x}, 0x{length:x}, {advice})", Marshal.GetLastPInvokeError());
        }
    }

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial nint mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int munmap(nint address, nuint length);

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int mprotect(nint address, nuint length, int protection);

    [LibraryImport(LibraryName, SetLastError = true)]
    private static partial int madvise(nint address, nuint length, int advice);
}
