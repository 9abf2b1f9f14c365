using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>
/// sock_accept, sock_recv, sock_send, sock_shutdown. Preview1 cannot create sockets and we preopen
/// none, so no descriptor is ever a socket: a number that is not open is <c>badf</c>, one that is
/// open is <c>notsock</c> (what POSIX says for shutdown(2) on a file; wasi-testsuite checks both).
/// </summary>
internal static class SocketFunctions
{
    public static Errno Accept(WasiContext context, IGuestMemory memory, uint fd, uint flags, uint resultPointer) =>
        NotASocket(context, fd);

    public static Errno Recv(WasiContext context, IGuestMemory memory, uint fd, uint iovs, uint iovsLength, uint flags, uint lengthPointer, uint flagsPointer) =>
        NotASocket(context, fd);

    public static Errno Send(WasiContext context, IGuestMemory memory, uint fd, uint iovs, uint iovsLength, uint flags, uint resultPointer) =>
        NotASocket(context, fd);

    public static Errno Shutdown(WasiContext context, IGuestMemory memory, uint fd, uint how) =>
        NotASocket(context, fd);

    private static Errno NotASocket(WasiContext context, uint fd)
    {
        var errno = context.Descriptors.Get(fd, out _);
        return errno != Errno.Success ? errno : Errno.Notsock;
    }
}
