using Microsoft.Win32.SafeHandles;

namespace Wasmbox.Engine.Wasi.Host;

/// <summary>
/// A Linux file descriptor the WASI layer owns, closed exactly once (Dispose or finalizer).
/// Passing it to a P/Invoke keeps it alive and open for the call, so closing a guest descriptor
/// while another call still uses it cannot close a number the kernel has meanwhile reused.
/// </summary>
internal sealed class HostFd : SafeHandleMinusOneIsInvalid
{
    /// <summary>Takes ownership of an open descriptor.</summary>
    public HostFd(int fd)
        : base(ownsHandle: true)
    {
        SetHandle(fd);
    }

    /// <summary>The raw descriptor number, for diagnostics only.</summary>
    public int Number => (int)handle;

    protected override bool ReleaseHandle() => Syscalls.close((int)handle) == 0;
}
