using Wasmbox.Engine.Runtime.ResourceLimits;

namespace Wasmbox.Engine.Runtime.Native;

/// <summary>
/// A WebAssembly linear memory in native memory. The whole address range it may ever grow to is
/// reserved up front (PROT_NONE, MAP_NORESERVE: costs address space, not memory), so
/// <see cref="Base"/> never moves; growing only mprotects more of the reservation read+write, and
/// the kernel supplies zero pages lazily on first touch.
/// </summary>
/// <remarks>
/// Thread safety: <see cref="Grow"/>, registration and Dispose are serialized by one lock;
/// <see cref="Base"/>, <see cref="SizeInBytes"/> and <see cref="Pages"/> are read without it. Pages
/// are committed before the new size is published, so a reader that sees a size may use all of it.
/// Code that holds <see cref="Base"/> or a span (JIT code, host calls) must keep the memory
/// reachable and undisposed while it uses them; the mapping is released by Dispose or, if the memory
/// is dropped, by the finalizer of its SafeHandle.
/// </remarks>
public sealed class LinearMemory : IDisposable
{
    /// <summary>The WebAssembly page: 64 KiB.</summary>
    public const int PageSize = 65536;

    /// <summary>The most pages a 32-bit memory can address: 65536 pages = 4 GiB.</summary>
    public const uint MaxPages = 65536;

    private readonly MappingHandle _reservation;
    private readonly SizeFieldRegistry _sizeFields = new();
    private readonly Lock _growLock = new();
    private readonly IMemoryLimiter? _limiter;
    private ulong _sizeInBytes;

    private LinearMemory(MappingHandle reservation, uint maximumPages, uint? declaredMaximumPages, ulong sizeInBytes, IMemoryLimiter? limiter)
    {
        _reservation = reservation;
        _limiter = limiter;
        Base = reservation.Address;
        MaximumPages = maximumPages;
        DeclaredMaximumPages = declaredMaximumPages;
        _sizeInBytes = sizeInBytes;
    }

    /// <summary>
    /// Creates a memory of <paramref name="minPages"/> pages that can grow to <paramref name="maxPages"/>,
    /// or, without a declared maximum, to <paramref name="reservationLimitPages"/> (the embedder's cap
    /// on address space per memory). <paramref name="capPages"/> lowers the maximum whatever the type
    /// declares, and <paramref name="limiter"/> is asked before every growth, the initial pages
    /// included. Throws <see cref="ArgumentOutOfRangeException"/> for limits a 32-bit memory cannot
    /// have or an initial size above the maximum, <see cref="ResourceLimitException"/> for an
    /// initial size over the cap or refused by the limiter, and <see cref="NativeMemoryException"/>
    /// if the kernel refuses the reservation or the initial pages.
    /// </summary>
    public static LinearMemory Create(uint minPages, uint? maxPages, uint reservationLimitPages = MaxPages, uint? capPages = null, IMemoryLimiter? limiter = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reservationLimitPages, MaxPages);
        if (maxPages is { } declared)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(declared, MaxPages, nameof(maxPages));
        }

        var maximumPages = maxPages ?? reservationLimitPages;
        if (minPages > maximumPages)
        {
            var limit = maxPages is null ? "reservation limit" : "maximum";
            throw new ArgumentOutOfRangeException(nameof(minPages), minPages, $"initial size of {minPages} pages exceeds the {limit} of {maximumPages} pages");
        }

        if (capPages is { } cap)
        {
            if (minPages > cap) throw new ResourceLimitException($"the memory's initial size of {minPages} pages is over the limit of {cap} pages");
            maximumPages = Math.Min(maximumPages, cap);
        }

        if (minPages > 0 && limiter?.MemoryGrowing(0, minPages) == false)
        {
            throw new ResourceLimitException($"the memory limiter refused the memory's initial {minPages} pages");
        }

        try
        {
            return Map(minPages, maximumPages, maxPages, limiter);
        }
        catch
        {
            if (minPages > 0) limiter?.MemoryReleased(minPages);
            throw;
        }
    }

    /// <summary>Reserves room for <paramref name="maximumPages"/> (no more: a capped memory takes only the address space it may use) and commits the first <paramref name="minPages"/>.</summary>
    private static LinearMemory Map(uint minPages, uint maximumPages, uint? declaredMaximumPages, IMemoryLimiter? limiter)
    {
        // A memory that can never have a byte still gets one OS page of reservation, so Base is a
        // real address that faults on access rather than null.
        var reservationBytes = Math.Max(BytesOf(maximumPages), (ulong)Libc.PageSize);
        var reservation = MappingHandle.Map((nuint)reservationBytes, Protection.None, MapFlags.NoReserve, reportToGc: false);
        try
        {
            var initialBytes = BytesOf(minPages);
            if (initialBytes > 0) Libc.Protect(reservation.Address, (nuint)initialBytes, Protection.ReadWrite);
            return new LinearMemory(reservation, maximumPages, declaredMaximumPages, initialBytes, limiter);
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
    }

    /// <summary>Start of the memory. Fixed for the memory's lifetime; dangling after Dispose.</summary>
    public nint Base { get; }

    /// <summary>Current size in bytes (a multiple of <see cref="PageSize"/>).</summary>
    public ulong SizeInBytes => Volatile.Read(ref _sizeInBytes);

    /// <summary>Current size in WebAssembly pages.</summary>
    public uint Pages => (uint)(SizeInBytes / PageSize);

    /// <summary>The most pages <see cref="Grow"/> can reach: the declared maximum, else the reservation limit, lowered to the cap if one was given.</summary>
    public uint MaximumPages { get; }

    /// <summary>The maximum the memory's type declares, if any (what import matching compares).</summary>
    public uint? DeclaredMaximumPages { get; }

    public bool IsDisposed => _reservation.IsClosed;

    /// <summary>
    /// WebAssembly <c>memory.grow</c>: adds <paramref name="deltaPages"/> zeroed pages and returns the
    /// old page count, or -1 (size unchanged) when the result would exceed <see cref="MaximumPages"/>,
    /// the limiter says no, or the kernel refuses to commit the pages. A refusal never throws (a
    /// limiter that throws does); every registered size field holds the new size before this returns.
    /// </summary>
    public long Grow(uint deltaPages)
    {
        lock (_growLock)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            var oldBytes = _sizeInBytes;
            var oldPages = (uint)(oldBytes / PageSize);
            if (deltaPages == 0) return oldPages;
            if ((ulong)oldPages + deltaPages > MaximumPages) return -1;
            if (_limiter?.MemoryGrowing(oldPages, oldPages + deltaPages) == false) return -1;

            // The pages have never been writable (memories never shrink), so they are still the
            // kernel's zero pages: no clearing needed, and none are touched here.
            var deltaBytes = BytesOf(deltaPages);
            if (!Libc.TryProtect(Base + (nint)oldBytes, (nuint)deltaBytes, Protection.ReadWrite, out var errno))
            {
                _limiter?.MemoryReleased(deltaPages);

                // ENOMEM: over the commit limit (overcommit disabled) or the mapping count limit.
                // The spec lets memory.grow fail for lack of resources, so that is an answer, not a bug.
                if (errno == Libc.ENOMEM) return -1;
                throw new NativeMemoryException($"mprotect(0x{Base + (nint)oldBytes:x}, 0x{deltaBytes:x}, {Protection.ReadWrite})", errno);
            }

            var newBytes = oldBytes + deltaBytes;
            Volatile.Write(ref _sizeInBytes, newBytes);
            _sizeFields.Publish(newBytes);
            return oldPages;
        }
    }

    /// <summary>
    /// A host view of bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>).
    /// Throws <see cref="ArgumentOutOfRangeException"/> if any of it lies outside the current size.
    /// The span stays valid after a grow (the base never moves) but not after Dispose.
    /// </summary>
    public unsafe Span<byte> GetSpan(ulong offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var size = SizeInBytes;
        if (offset > size || (ulong)length > size - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"bytes [0x{offset:x}, 0x{offset + (ulong)length:x}) are outside linear memory of 0x{size:x} bytes");
        }

        return new Span<byte>((void*)(Base + (nint)offset), length);
    }

    /// <summary>
    /// Registers a native field (typically in an execution context) that JIT code bounds-checks
    /// against. The field is set to the current size now and rewritten on every successful grow, and
    /// zeroed on Dispose so stale code traps instead of touching unmapped pages. The field must stay
    /// valid until it is unregistered or the memory is disposed; prefer the <see cref="NativeBlock"/>
    /// overload, which cannot outlive its block.
    /// </summary>
    public unsafe void RegisterSizeField(ulong* field)
    {
        lock (_growLock)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            _sizeFields.Add(field, _sizeInBytes);
        }
    }

    /// <summary>Registers the 8-byte field at <paramref name="offset"/> in <paramref name="block"/>; the memory keeps the block alive, and skips it once the block is disposed.</summary>
    public void RegisterSizeField(NativeBlock block, int offset)
    {
        lock (_growLock)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            _sizeFields.Add(block, offset, _sizeInBytes);
        }
    }

    /// <summary>Stops updating <paramref name="field"/>; returns false if it was not registered.</summary>
    public unsafe bool UnregisterSizeField(ulong* field)
    {
        lock (_growLock) return _sizeFields.Remove(field);
    }

    /// <summary>Stops updating the field at <paramref name="offset"/> in <paramref name="block"/>; returns false if it was not registered.</summary>
    public bool UnregisterSizeField(NativeBlock block, int offset)
    {
        lock (_growLock) return _sizeFields.Remove(block, offset);
    }

    /// <summary>
    /// Unmaps the memory and gives its pages back to the limiter. Registered size fields are set to 0
    /// first, so JIT code that still runs traps on every access.
    /// </summary>
    public void Dispose()
    {
        uint released;
        lock (_growLock)
        {
            if (IsDisposed) return;
            released = Pages;
            _sizeFields.Publish(0);
            _sizeFields.Clear();
            _sizeInBytes = 0;
            _reservation.Dispose();
        }

        if (released > 0) _limiter?.MemoryReleased(released);
    }

    private static ulong BytesOf(uint pages) => (ulong)pages * PageSize;
}
