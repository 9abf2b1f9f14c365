using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Wasi.Binding;

/// <summary>
/// The last line of defence: an exception no WASI function meant to throw still reaches the guest
/// as an errno, never as a host exception unwinding through JIT code.
/// </summary>
internal static class WasiFailures
{
    public static Errno ToErrno(Exception exception) => exception switch
    {
        OutOfMemoryException or InsufficientExecutionStackException => Errno.Nomem,
        ObjectDisposedException => Errno.Badf,
        UnauthorizedAccessException => Errno.Acces,
        PathTooLongException => Errno.Nametoolong,
        FileNotFoundException or DirectoryNotFoundException => Errno.Noent,
        _ => Errno.Io,
    };
}
