using System.Runtime.InteropServices;

namespace Wasmbox.Engine.Runtime.Native;

/// <summary>A libc memory call (mmap, munmap, mprotect, madvise) failed; carries the errno it set.</summary>
public sealed class NativeMemoryException : Exception
{
    public NativeMemoryException(string operation, int errno)
        : base($"{operation} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
    {
        Operation = operation;
        Errno = errno;
    }

    /// <summary>The call that failed, with its arguments, e.g. <c>mprotect(0x7f.., 0x1000, Read|Execute)</c>.</summary>
    public string Operation { get; }

    /// <summary>The errno value the call left (Linux numbering: 12 = ENOMEM, 22 = EINVAL, ...).</summary>
    public int Errno { get; }
}
