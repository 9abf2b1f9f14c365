using System.Runtime.InteropServices;

namespace Wasmbox.Protocol.JsonRpc.Sockets;

/// <summary>The Linux calls <see cref="SocketStream"/> makes on a socket's descriptor itself.</summary>
/// <remarks>DllImport rather than LibraryImport: blittable refs need no unsafe code in this assembly.</remarks>
internal static class Libc
{
    public const int EINTR = 4;
    public const int EAGAIN = 11;

    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_NOSIGNAL = 0x4000;

    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;
    public const short POLLHUP = 0x10;

    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollEntry
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    [DllImport("libc", SetLastError = true)]
    public static extern nint recv(int descriptor, ref byte buffer, nint length, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern nint send(int descriptor, ref byte buffer, nint length, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int poll(ref PollEntry entries, nuint count, int timeoutMilliseconds);

    [DllImport("libc", SetLastError = true)]
    public static extern int eventfd(uint initialValue, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern nint write(int descriptor, ref ulong value, nint length);
}
