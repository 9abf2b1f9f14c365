using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wasmbox.Engine.Runtime.Native;

/// <summary>
/// A zeroed, 64-byte-aligned block of native memory for data JIT code reads through raw pointers
/// (execution contexts, globals, tables), which must not move when the GC compacts. Freed on
/// Dispose, or by the finalizer once nothing references the block.
/// </summary>
/// <remarks>
/// The 64-byte alignment puts the start of every block on its own cache line, so two contexts used
/// by two threads never share one (false sharing), and lets callers lay out hot fields per line.
/// </remarks>
public sealed unsafe class NativeBlock : IDisposable
{
    public const int Alignment = 64;

    private readonly BlockHandle _memory;

    /// <summary>Allocates <paramref name="size"/> zeroed bytes; throws <see cref="OutOfMemoryException"/> if the allocator refuses.</summary>
    public NativeBlock(nuint size)
    {
        ArgumentOutOfRangeException.ThrowIfZero(size);
        _memory = BlockHandle.Allocate(size);
        Size = size;
    }

    public nuint Size { get; }

    /// <summary>Address of the first byte; throws <see cref="ObjectDisposedException"/> after Dispose.</summary>
    public nint Address
    {
        get
        {
            ObjectDisposedException.ThrowIf(_memory.IsClosed, this);
            return _memory.DangerousGetHandle();
        }
    }

    public bool IsDisposed => _memory.IsClosed;

    /// <summary>The block viewed as one <typeparamref name="T"/> (a context struct, say); the block must be big enough.</summary>
    public T* Pointer<T>() where T : unmanaged
    {
        if ((nuint)sizeof(T) > Size)
        {
            throw new InvalidOperationException($"a {typeof(T).Name} needs {sizeof(T)} bytes but the block has {Size}");
        }

        return (T*)Address;
    }

    /// <summary>The block viewed as an array of <typeparamref name="T"/> (a table, say), as many whole elements as fit.</summary>
    public Span<T> AsSpan<T>() where T : unmanaged
    {
        var count = Size / (nuint)sizeof(T);
        if (count > int.MaxValue)
        {
            throw new InvalidOperationException($"{count} elements of {typeof(T).Name} do not fit in a span");
        }

        return new Span<T>((void*)Address, (int)count);
    }

    public void Dispose() => _memory.Dispose();

    /// <summary>
    /// Writes <paramref name="value"/> at <paramref name="offset"/> unless the block has been (or is
    /// being) freed. The SafeHandle reference count keeps a concurrent Dispose from freeing the
    /// block between the check and the write.
    /// </summary>
    internal bool TryWrite(int offset, ulong value)
    {
        var added = false;
        try
        {
            _memory.DangerousAddRef(ref added);
            Volatile.Write(ref Unsafe.AsRef<ulong>((void*)(_memory.DangerousGetHandle() + offset)), value);
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added) _memory.DangerousRelease();
        }
    }

    /// <summary>Frees the aligned allocation exactly once, from Dispose or the critical finalizer.</summary>
    private sealed class BlockHandle : SafeHandle
    {
        private readonly long _gcPressure;

        private BlockHandle(nint address, nuint size)
            : base(invalidHandleValue: 0, ownsHandle: true)
        {
            SetHandle(address);
            _gcPressure = (long)size;
            GC.AddMemoryPressure(_gcPressure);
        }

        public override bool IsInvalid => handle == 0;

        public static BlockHandle Allocate(nuint size)
        {
            var address = NativeMemory.AlignedAlloc(size, Alignment);
            NativeMemory.Clear(address, size);
            return new BlockHandle((nint)address, size);
        }

        protected override bool ReleaseHandle()
        {
            NativeMemory.AlignedFree((void*)handle);
            GC.RemoveMemoryPressure(_gcPressure);
            return true;
        }
    }
}
