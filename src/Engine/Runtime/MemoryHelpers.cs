using System.Runtime.InteropServices;
using Wasmbox.Engine.Runtime.Native;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// What JIT code calls for the memory instructions it does not do inline: <c>memory.grow</c> (a
/// managed helper, since growing goes through <see cref="LinearMemory"/>), and libc's memmove and
/// memset for <c>memory.copy</c>, <c>memory.fill</c> and <c>memory.init</c>, which the JIT
/// bounds-checks inline and then calls directly (native code, so no managed transition). Each
/// instance's VMContext holds these addresses.
/// </summary>
internal static unsafe class MemoryHelpers
{
    /// <summary>What <see cref="Grow"/> returns when something unexpected went wrong (the JIT traps on it).</summary>
    public const long GrowFailed = long.MinValue;

    /// <summary><c>long Grow(vmctx, deltaPages)</c>: the old size in pages, -1 when refused, <see cref="GrowFailed"/> on a bug.</summary>
    public static readonly nint GrowAddress = (nint)(delegate* unmanaged<nint, uint, long>)&Grow;

    /// <summary>libc <c>void* memmove(void* destination, const void* source, size_t n)</c>.</summary>
    public static readonly nint Memmove = LibcExport("memmove");

    /// <summary>libc <c>void* memset(void* destination, int value, size_t n)</c>.</summary>
    public static readonly nint Memset = LibcExport("memset");

    /// <summary>
    /// <c>memory.grow</c> on memory 0 of the instance whose context is <paramref name="vmctx"/>.
    /// Nothing may escape into the JIT frames that called it, so every exception (a memory limiter
    /// that threw, say) becomes <see cref="GrowFailed"/>, and the trap that follows carries it.
    /// </summary>
    [UnmanagedCallersOnly]
    private static long Grow(nint vmctx, uint deltaPages)
    {
        try
        {
            var handle = *(nint*)(vmctx + VMContextLayout.Memory0);
            if (handle == 0 || GCHandle.FromIntPtr(handle).Target is not LinearMemory memory) return GrowFailed;
            return memory.Grow(deltaPages);
        }
        catch (Exception e)
        {
            Stubs.HostDispatcher.RecordFailure(e);
            return GrowFailed;
        }
    }

    private static nint LibcExport(string name)
    {
        // libc is loaded in every .NET process on Linux; the global lookup finds it whatever its file name.
        if (NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), name, out var address)) return address;
        return NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), name);
    }
}

/// <summary>
/// One data segment as <c>memory.init</c> sees it: where its bytes are and how many. Active segments
/// and dropped ones have length 0 (the spec drops active segments after instantiation). 16 bytes,
/// laid out for JIT code.
/// </summary>
internal struct DataSegmentRef
{
    public const int AddressOffset = 0;
    public const int LengthOffset = 8;
    public const int Size = 16;

    public nint Address;
    public ulong Length;
}
