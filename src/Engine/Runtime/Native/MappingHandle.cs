using System.Runtime.InteropServices;

namespace Wasmbox.Engine.Runtime.Native;

/// <summary>
/// Owns one mmap'd range and unmaps it exactly once: on Dispose, or from the SafeHandle's critical
/// finalizer when its owner is dropped without Dispose. SafeHandle also makes a double unmap
/// impossible (a second Dispose is a no-op), which matters because a stale munmap could tear
/// down a range that a later mmap has reused.
/// </summary>
internal sealed class MappingHandle : SafeHandle
{
    private readonly long _gcPressure;

    private MappingHandle(nint address, nuint length, long gcPressure)
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
        _gcPressure = gcPressure;
    }

    /// <summary>Length of the mapping in bytes (whole pages).</summary>
    public nuint Length { get; }

    public override bool IsInvalid => handle == 0;

    /// <summary>
    /// Maps <paramref name="length"/> bytes (rounded up to pages) of fresh zeroed private memory.
    /// <paramref name="reportToGc"/> tells the GC about pages that will really be resident (code),
    /// so dropped-but-undisposed owners get finalized before they pile up; reservations skip it
    /// because they cost address space, not memory.
    /// </summary>
    public static MappingHandle Map(nuint length, Protection protection, MapFlags extraFlags, bool reportToGc)
    {
        var pages = Libc.RoundUpToPage(length);
        var address = Libc.MapAnonymous(pages, protection, extraFlags);
        var pressure = reportToGc ? (long)pages : 0;
        if (pressure > 0) GC.AddMemoryPressure(pressure);
        return new MappingHandle(address, pages, pressure);
    }

    /// <summary>Start of the mapping; throws once it has been released.</summary>
    public nint Address
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }

    protected override bool ReleaseHandle()
    {
        var unmapped = Libc.TryUnmap(handle, Length, out _);
        if (_gcPressure > 0) GC.RemoveMemoryPressure(_gcPressure);
        return unmapped;
    }
}
