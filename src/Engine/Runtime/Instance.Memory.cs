using System.Runtime.InteropServices;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime.Native;

namespace Wasmbox.Engine.Runtime;

/// <summary>Memory 0 and the data segments: creation under the embedder's limits, active segments' initialization, access.</summary>
public sealed unsafe partial class Instance
{
    private readonly LinearMemory? _memory;
    private GCHandle _memoryHandle;

    /// <summary>False when memory 0 is imported: it belongs to its exporter, this instance only unregisters from it.</summary>
    private readonly bool _ownsMemory;
    private readonly NativeBlock? _dataSegments;
    private readonly NativeBlock? _passiveData;

    /// <summary>Memory 0: created under the options' cap and limiter, or the imported one (then not this instance's to free).</summary>
    private (LinearMemory? Memory, bool Owned) OpenMemory(InstanceOptions options)
    {
        if (Module.Memories.Length == 0) return (null, false);
        if (_imports.Memories.Count > 0) return (_imports.Memories[0], false);
        var limits = Module.Memories[0].Limits;
        return (LinearMemory.Create(limits.Min, limits.Max, capPages: options.MaxMemoryPages, limiter: options.MemoryLimiter), true);
    }

    /// <summary>Points the context at memory 0 and the helpers its instructions call; the memory keeps the size field current.</summary>
    private void PublishMemory(byte* context)
    {
        _memoryHandle = GCHandle.Alloc(_memory, GCHandleType.Weak);
        *(nint*)(context + VMContextLayout.Memory0Base) = _memory!.Base;
        _memory.RegisterSizeField(_context, VMContextLayout.Memory0Size);
        *(nint*)(context + VMContextLayout.Memory0) = GCHandle.ToIntPtr(_memoryHandle);
        *(nint*)(context + VMContextLayout.MemoryGrow) = MemoryHelpers.GrowAddress;
        *(nint*)(context + VMContextLayout.Memmove) = MemoryHelpers.Memmove;
        *(nint*)(context + VMContextLayout.Memset) = MemoryHelpers.Memset;
    }

    /// <summary>The memory exported as <paramref name="name"/>, or null if there is no such export.</summary>
    public LinearMemory? GetMemory(string name)
    {
        return ExportIndex(name, ExternalKind.Memory) is { } index ? MemoryAt(index) : null;
    }

    /// <summary>The memory of index <paramref name="index"/> (0 in WebAssembly 2.0).</summary>
    public LinearMemory MemoryAt(uint index) =>
        index == 0 && _memory is not null ? _memory : throw new ArgumentOutOfRangeException(nameof(index), index, "no such memory");

    /// <summary>The offset of every active data segment (null for the others).</summary>
    private uint?[] EvaluateDataOffsets() =>
        Module.Data.Select(segment => segment.Mode == SegmentMode.Active
            ? (uint?)(uint)ConstantEvaluator.Evaluate(Module, segment.Offset, _globals, FunctionReference)
            : null).ToArray();

    /// <summary>
    /// The data segment table memory.init and data.drop use: passive segments point at a copy of
    /// their bytes; active ones are empty from the start, since instantiation drops them.
    /// </summary>
    private static (NativeBlock? Table, NativeBlock? Bytes) CreateDataSegments(WasmModule module)
    {
        if (module.Data.Length == 0) return (null, null);
        var table = new NativeBlock((nuint)(module.Data.Length * DataSegmentRef.Size));
        NativeBlock? bytes = null;
        try
        {
            long passiveBytes = 0;
            foreach (var segment in module.Data)
            {
                if (segment.Mode == SegmentMode.Passive) passiveBytes += segment.DataLength;
            }

            if (passiveBytes > 0) bytes = new NativeBlock((nuint)passiveBytes);
            var entries = table.AsSpan<DataSegmentRef>();
            var source = module.Bytes.Span;
            nint next = bytes?.Address ?? 0;
            for (int i = 0; i < module.Data.Length; i++)
            {
                var segment = module.Data[i];
                if (segment.Mode != SegmentMode.Passive || segment.DataLength == 0) continue;
                source.Slice(segment.DataStart, segment.DataLength).CopyTo(new Span<byte>((void*)next, segment.DataLength));
                entries[i].Address = next;
                entries[i].Length = (ulong)segment.DataLength;
                next += segment.DataLength;
            }

            return (table, bytes);
        }
        catch
        {
            bytes?.Dispose();
            table.Dispose();
            throw;
        }
    }

    /// <summary>Copies the active data segments into memory, in order; one that does not fit traps (the earlier ones stay written).</summary>
    private void InitializeMemory(uint?[] activeOffsets)
    {
        var source = Module.Bytes.Span;
        for (int i = 0; i < activeOffsets.Length; i++)
        {
            if (activeOffsets[i] is not { } offset) continue;
            var segment = Module.Data[i];
            ulong size = _memory?.SizeInBytes ?? 0;
            if ((ulong)offset + (ulong)segment.DataLength > size)
            {
                throw new TrapException(TrapKind.OutOfBoundsMemoryAccess, [], $"data segment {i} does not fit in memory");
            }

            if (segment.DataLength > 0) source.Slice(segment.DataStart, segment.DataLength).CopyTo(_memory!.GetSpan(offset, segment.DataLength));
        }
    }

    /// <summary>Frees memory 0 if it is this instance's (else only unregisters from it) and the data segments.</summary>
    private void DisposeMemory()
    {
        if (_ownsMemory) _memory?.Dispose();
        else if (_memory is not null && _context is not null) _memory.UnregisterSizeField(_context, VMContextLayout.Memory0Size);
        if (_memoryHandle.IsAllocated)
        {
            _memoryHandle.Free();
            _memoryHandle = default;
        }

        _passiveData?.Dispose();
        _dataSegments?.Dispose();
    }
}
