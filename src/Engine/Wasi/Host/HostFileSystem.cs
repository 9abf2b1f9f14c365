using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Wasi.Host;

/// <summary>
/// Errno-returning wrappers over the *at(2) calls. None of them follows a symlink in the last
/// component: following is the path resolver's job, done inside the sandbox.
/// </summary>
internal static unsafe class HostFileSystem
{
    /// <summary>openat(2) with O_NOFOLLOW and O_CLOEXEC added; retried on EINTR (opening a FIFO can be interrupted).</summary>
    public static Errno OpenAt(HostFd directory, string name, int flags, out HostFd fd)
    {
        flags |= OpenFlags.NoFollow | OpenFlags.CloseOnExec | OpenFlags.NoControllingTerminal;
        while (true)
        {
            var opened = Syscalls.openat(directory, name, flags, 0x1B6 /* 0666, less the umask */);
            if (opened >= 0)
            {
                fd = new HostFd(opened);
                return Errno.Success;
            }

            var errno = Syscalls.LastError;
            if (errno != LinuxErrno.EINTR)
            {
                fd = null!;
                return LinuxErrno.ToWasi(errno);
            }
        }
    }

    /// <summary>lstat of <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public static Errno StatAt(HostFd directory, string name, out Filestat stat) => StatAt(directory, name, 0, out stat);

    /// <summary>fstat of an open descriptor.</summary>
    public static Errno Stat(HostFd fd, out Filestat stat) => StatAt(fd, "", AtFlags.EmptyPath, out stat);

    /// <summary>
    /// The contents of the symlink <paramref name="name"/>: <c>inval</c> when it is not a symlink,
    /// <c>noent</c> when it does not exist (the resolver relies on both).
    /// </summary>
    public static Errno ReadLinkAt(HostFd directory, string name, out byte[] target)
    {
        var size = 256;
        while (true)
        {
            var buffer = new byte[size];
            nint length;
            fixed (byte* pointer = buffer) length = Syscalls.readlinkat(directory, name, pointer, (nuint)buffer.Length);
            if (length < 0)
            {
                target = [];
                return LinuxErrno.ToWasi(Syscalls.LastError);
            }

            // A full buffer may mean a longer target: retry bigger (targets are at most PATH_MAX on Linux).
            if (length < buffer.Length || size >= 65536)
            {
                target = buffer.AsSpan(0, (int)length).ToArray();
                return Errno.Success;
            }

            size *= 4;
        }
    }

    /// <summary>utimensat with AT_SYMLINK_NOFOLLOW, or futimens when <paramref name="name"/> is null.</summary>
    public static Errno SetTimes(HostFd fdOrDirectory, string? name, TimeSpec access, TimeSpec modification)
    {
        var times = stackalloc TimeSpec[2];
        times[0] = access;
        times[1] = modification;
        var result = name is null
            ? Syscalls.futimens(fdOrDirectory, times)
            : Syscalls.utimensat(fdOrDirectory, name, times, AtFlags.SymlinkNoFollow);
        return result == 0 ? Errno.Success : LinuxErrno.ToWasi(Syscalls.LastError);
    }

    /// <summary>0 → success, -1 → the WASI errno of the thread's errno.</summary>
    public static Errno Check(int result) => result == 0 ? Errno.Success : LinuxErrno.ToWasi(Syscalls.LastError);

    private static Errno StatAt(HostFd directory, string name, int flags, out Filestat stat)
    {
        StatxBuffer buffer;
        if (Syscalls.statx(directory, name, flags | AtFlags.SymlinkNoFollow, StatxBuffer.BasicStats, &buffer) != 0)
        {
            stat = default;
            return LinuxErrno.ToWasi(Syscalls.LastError);
        }

        stat = Filestat.FromStatx(buffer);
        return Errno.Success;
    }
}
