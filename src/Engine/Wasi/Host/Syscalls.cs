using System.Runtime.InteropServices;

namespace Wasmbox.Engine.Wasi.Host;

/// <summary>
/// The libc calls WASI stands on (glibc 2.30 or later: getdents64 and statx are exported). Each
/// returns -1 and leaves errno for <see cref="Marshal.GetLastPInvokeError"/>, except where noted.
/// </summary>
/// <remarks>
/// openat and fcntl are variadic in C; we declare them with their optional int argument fixed.
/// On the x86-64 System V ABI that is call-compatible: integer arguments travel in the same
/// registers either way, and the vector-count register variadic callees read only decides whether
/// they spill XMM registers they never use.
/// </remarks>
internal static unsafe partial class Syscalls
{
    private const string Libc = "libc";

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int close(int fd);

    /// <summary>
    /// Returns the raw descriptor (wrap it in a <see cref="HostFd"/> at once). Not a SafeHandle
    /// return: the marshaller would read a 64-bit handle where C returns a 32-bit int, and -1
    /// would come back as 0xFFFFFFFF, a "valid" handle.
    /// </summary>
    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int openat(HostFd dirfd, string path, int flags, int mode);

    /// <summary>open(2) of a host path, for preopens. Returns the raw descriptor, as <see cref="openat"/>.</summary>
    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint read(HostFd fd, byte* buffer, nuint count);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint write(HostFd fd, byte* buffer, nuint count);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint pread(HostFd fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint pwrite(HostFd fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial long lseek(HostFd fd, long offset, int whence);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int fcntl(HostFd fd, int command, int argument);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int fsync(HostFd fd);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int fdatasync(HostFd fd);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int ftruncate(HostFd fd, long length);

    /// <summary>Returns the error number itself (0 on success); errno is not set.</summary>
    [LibraryImport(Libc)]
    public static partial int posix_fadvise(HostFd fd, long offset, long length, int advice);

    /// <summary>Returns the error number itself (0 on success); errno is not set.</summary>
    [LibraryImport(Libc)]
    public static partial int posix_fallocate(HostFd fd, long offset, long length);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int futimens(HostFd fd, TimeSpec* times);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int utimensat(HostFd dirfd, string path, TimeSpec* times, int flags);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(HostFd dirfd, string path, int flags, uint mask, StatxBuffer* buffer);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint getdents64(HostFd fd, byte* buffer, nuint count);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdirat(HostFd dirfd, string path, uint mode);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlinkat(HostFd dirfd, string path, int flags);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int renameat(HostFd oldDirfd, string oldPath, HostFd newDirfd, string newPath);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int linkat(HostFd oldDirfd, string oldPath, HostFd newDirfd, string newPath, int flags);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int symlinkat(string target, HostFd newDirfd, string linkPath);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint readlinkat(HostFd dirfd, string path, byte* buffer, nuint size);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int clock_gettime(int clock, TimeSpec* time);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int clock_getres(int clock, TimeSpec* resolution);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    /// <summary>errno of the last failed call on this thread.</summary>
    public static int LastError => Marshal.GetLastPInvokeError();
}
