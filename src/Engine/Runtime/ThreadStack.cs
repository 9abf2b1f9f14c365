using System.Runtime.InteropServices;

namespace Wasmbox.Engine.Runtime;

/// <summary>Where the current thread's native stack lies, from glibc (pthread_getattr_np).</summary>
internal static unsafe partial class ThreadStack
{
    /// <summary>
    /// Stack kept free below the limit wasm may use: room for the host functions wasm calls, the
    /// runtime's own frames and the GC, none of which may ever overflow.
    /// </summary>
    public const ulong HostReserve = 256 * 1024;

    [ThreadStatic]
    private static ulong _lowest;

    /// <summary>The lowest address wasm code may push to on this thread.</summary>
    public static ulong WasmLimit()
    {
        if (_lowest == 0) _lowest = QueryLowestAddress();
        return _lowest + HostReserve;
    }

    private static ulong QueryLowestAddress()
    {
        // pthread_attr_t is 56 bytes on x86-64 glibc; leave room.
        byte* attr = stackalloc byte[128];
        if (pthread_getattr_np(pthread_self(), attr) != 0) throw new InvalidOperationException("pthread_getattr_np failed");
        try
        {
            nint address;
            nuint size;
            if (pthread_attr_getstack(attr, &address, &size) != 0) throw new InvalidOperationException("pthread_attr_getstack failed");
            return (ulong)address;
        }
        finally
        {
            pthread_attr_destroy(attr);
        }
    }

    [LibraryImport("libc")]
    private static partial nint pthread_self();

    [LibraryImport("libc")]
    private static partial int pthread_getattr_np(nint thread, byte* attr);

    [LibraryImport("libc")]
    private static partial int pthread_attr_getstack(byte* attr, nint* address, nuint* size);

    [LibraryImport("libc")]
    private static partial int pthread_attr_destroy(byte* attr);
}
