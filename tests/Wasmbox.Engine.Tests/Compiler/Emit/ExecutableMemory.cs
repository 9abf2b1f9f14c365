using System.Runtime.InteropServices;

namespace Wasmbox.Engine.Tests.Compiler.Emit;

/// <summary>
/// Just enough mmap/mprotect to run emitted code in a test: copy into fresh RW pages, flip them to
/// RX. Deliberately separate from the runtime's code-memory component so the emitter's tests do
/// not depend on it.
/// </summary>
internal sealed partial class ExecutableMemory : IDisposable
{
    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int ProtExec = 4;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private static readonly nint MapFailed = -1;

    private readonly nint _pages;
    private readonly nuint _length;

    public ExecutableMemory(byte[] code)
    {
        _length = (nuint)Math.Max(code.Length, 1);
        _pages = Mmap(0, _length, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (_pages == MapFailed)
            throw new InvalidOperationException($"mmap failed: errno {Marshal.GetLastPInvokeError()}");
        Marshal.Copy(code, 0, _pages, code.Length);
        if (Mprotect(_pages, _length, ProtRead | ProtExec) != 0)
            throw new InvalidOperationException($"mprotect failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>The address of the code at <paramref name="offset"/> in the copied buffer.</summary>
    public nint At(int offset) => _pages + offset;

    public void Dispose() => Munmap(_pages, _length);

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static extern int Mprotect(nint address, nuint length, int protection);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static extern int Munmap(nint address, nuint length);
}

/// <summary>A fact that only runs where the emitted x86-64 code can run: Linux on x86-64.</summary>
internal sealed class LinuxX64FactAttribute : FactAttribute
{
    public LinuxX64FactAttribute()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            Skip = "Runs emitted x86-64 code; needs Linux on x86-64.";
    }
}
