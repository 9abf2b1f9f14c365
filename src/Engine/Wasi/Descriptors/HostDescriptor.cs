using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Host;

namespace Wasmbox.Engine.Wasi.Descriptors;

/// <summary>A descriptor backed by a host file descriptor: the operations files and directories share.</summary>
internal abstract class HostDescriptor(HostFd fd, Rights baseRights, Rights inheritingRights, FdFlags flags)
    : Descriptor(baseRights, inheritingRights, flags)
{
    public HostFd Fd { get; } = fd;

    public override Errno GetFilestat(out Filestat stat) => HostFileSystem.Stat(Fd, out stat);

    public override Errno SetTimes(TimeSpec access, TimeSpec modification) =>
        HostFileSystem.SetTimes(Fd, name: null, access, modification);

    public override Errno Sync(bool dataOnly)
    {
        while (true)
        {
            var result = dataOnly ? Syscalls.fdatasync(Fd) : Syscalls.fsync(Fd);
            if (result == 0) return Errno.Success;
            if (Syscalls.LastError != LinuxErrno.EINTR) return LinuxErrno.ToWasi(Syscalls.LastError);
        }
    }

    public override void Dispose() => Fd.Dispose();
}
