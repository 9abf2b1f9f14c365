namespace Wasmbox.Engine.Runtime.Native;

/// <summary>
/// Published machine code: read+execute pages that are never writable again. Unmapped on Dispose,
/// or by the finalizer once nothing references the region.
/// </summary>
/// <remarks>
/// Whoever runs the code must keep the region reachable (a field of the compiled module, or
/// <see cref="GC.KeepAlive"/>) for as long as the code may execute: the GC cannot see that a
/// native instruction pointer is inside these pages.
/// </remarks>
public sealed class CodeRegion : IDisposable
{
    private readonly MappingHandle _pages;

    internal CodeRegion(MappingHandle pages, int length)
    {
        _pages = pages;
        Length = length;
    }

    /// <summary>Address of the first code byte; throws <see cref="ObjectDisposedException"/> after Dispose.</summary>
    public nint Address => _pages.Address;

    /// <summary>Number of code bytes published (the mapping itself is rounded up to whole pages).</summary>
    public int Length { get; }

    /// <summary>Bytes actually mapped: <see cref="Length"/> rounded up to the page size.</summary>
    public nuint MappedLength => _pages.Length;

    public bool IsDisposed => _pages.IsClosed;

    public void Dispose() => _pages.Dispose();
}
