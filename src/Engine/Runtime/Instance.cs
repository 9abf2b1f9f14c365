using System.Runtime.InteropServices;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler;
using Wasmbox.Engine.Runtime.Native;
using Wasmbox.Engine.Runtime.Stubs;
using Wasmbox.Engine.Validation;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// An instantiated module: its code published into executable memory, its memory, and the VMContext
/// its code runs with. This cut covers modules without imports, tables or globals.
/// </summary>
public sealed unsafe class Instance : IDisposable
{
    private readonly CodeRegion? _code;
    private readonly NativeBlock _context;
    private readonly NativeBlock _functions;
    private readonly int[] _functionOffsets;
    private readonly LinearMemory? _memory;
    private GCHandle _memoryHandle;
    private readonly NativeBlock? _dataSegments;
    private readonly NativeBlock? _passiveData;

    public Instance(ValidatedModule validated)
    {
        Module = validated.Module;
        if (Module.Imports.Length > 0 || Module.Tables.Length > 0 || Module.GlobalTypes.Length > 0)
        {
            throw new NotSupportedException("imports, tables and globals are not supported by the runtime yet");
        }

        var compiled = ModuleCompiler.Compile(validated);
        var activeOffsets = EvaluateDataOffsets(Module);
        _functionOffsets = compiled.FunctionOffsets;
        try
        {
            _code = compiled.Code.Length > 0 ? CodeMemory.Publish(compiled.Code) : null;
            _context = new NativeBlock(VMContextLayout.Size);
            _functions = new NativeBlock((nuint)(Math.Max(1, Module.FunctionTypeIndices.Length) * FuncRef.Size));

            byte* context = (byte*)_context.Address;
            *(nint*)(context + VMContextLayout.Functions) = _functions.Address;
            *(nint*)(context + VMContextLayout.TrapHandler) = RuntimeStubs.TrapHandler;
            var functions = _functions.Pointer<FuncRef>();
            for (int i = 0; i < _functionOffsets.Length; i++)
            {
                int index = Module.ImportedFunctionCount + i;
                functions[index].Code = _code!.Address + _functionOffsets[i];
                functions[index].Context = _context.Address;
            }

            if (Module.Memories.Length > 0)
            {
                var limits = Module.Memories[0].Limits;
                _memory = LinearMemory.Create(limits.Min, limits.Max);
                _memoryHandle = GCHandle.Alloc(_memory, GCHandleType.Weak);
                *(nint*)(context + VMContextLayout.Memory0Base) = _memory.Base;
                _memory.RegisterSizeField(_context, VMContextLayout.Memory0Size);
                *(nint*)(context + VMContextLayout.Memory0) = GCHandle.ToIntPtr(_memoryHandle);
                *(nint*)(context + VMContextLayout.MemoryGrow) = MemoryHelpers.GrowAddress;
                *(nint*)(context + VMContextLayout.Memmove) = MemoryHelpers.Memmove;
                *(nint*)(context + VMContextLayout.Memset) = MemoryHelpers.Memset;
            }

            (_dataSegments, _passiveData) = CreateDataSegments(Module);
            if (_dataSegments is not null) *(nint*)(context + VMContextLayout.DataSegments) = _dataSegments.Address;

            InitializeMemory(activeOffsets);
            if (Module.StartFunction is { } start) Invoke(start, []);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public WasmModule Module { get; }

    /// <summary>Calls the exported function <paramref name="name"/> with arguments as raw bits; returns the results as raw bits.</summary>
    public ulong[] Invoke(string name, params ulong[] arguments)
    {
        var export = Module.Exports.FirstOrDefault(e => e.Name == name && e.Kind == ExternalKind.Function)
            ?? throw new ArgumentException($"no exported function named {name}", nameof(name));
        return Invoke(export.Index, arguments);
    }

    public ulong[] Invoke(uint functionIndex, ulong[] arguments)
    {
        var type = Module.GetFunctionType(functionIndex);
        if (arguments.Length != type.Parameters.Length)
        {
            throw new ArgumentException($"function {functionIndex} takes {type.Parameters.Length} arguments, not {arguments.Length}");
        }

        int slotCount = Math.Max(type.Parameters.Length, type.Results.Length);
        var slots = new ulong[Math.Max(1, slotCount)];
        arguments.CopyTo(slots, 0);
        // JIT code relies on i32 (and f32) values having a zero upper half.
        for (int i = 0; i < arguments.Length; i++)
        {
            if (type.Parameters[i] is ValType.I32 or ValType.F32) slots[i] &= 0xFFFF_FFFF;
        }
        int resultKind = type.Results.Length switch
        {
            0 => RuntimeStubs.NoResult,
            1 => type.Results[0] is ValType.F32 or ValType.F64 ? RuntimeStubs.FloatResult : RuntimeStubs.IntegerResult,
            _ => RuntimeStubs.ResultsInSlots,
        };

        var code = _code!.Address + _functionOffsets[functionIndex - Module.ImportedFunctionCount];
        long trap;
        fixed (ulong* slotPointer = slots)
        {
            trap = RuntimeStubs.Enter(ThreadExecution.Current, _context.Address, code, slotPointer, slotCount, resultKind);
        }

        GC.KeepAlive(this);
        if (trap != 0) throw new TrapException((TrapKind)trap, []);

        var results = new ulong[type.Results.Length];
        Array.Copy(slots, results, results.Length);
        // An f32 or i32 result comes back in the low half of its 64-bit slot.
        for (int i = 0; i < results.Length; i++)
        {
            if (type.Results[i] is ValType.I32 or ValType.F32) results[i] &= 0xFFFF_FFFF;
        }

        return results;
    }

    /// <summary>The memory exported as <paramref name="name"/>, or null if there is no such export.</summary>
    public LinearMemory? GetMemory(string name)
    {
        var export = Module.Exports.FirstOrDefault(e => e.Name == name && e.Kind == ExternalKind.Memory);
        return export is null ? null : MemoryAt(export.Index);
    }

    /// <summary>The memory of index <paramref name="index"/> (0 in WebAssembly 2.0).</summary>
    public LinearMemory MemoryAt(uint index) =>
        index == 0 && _memory is not null ? _memory : throw new ArgumentOutOfRangeException(nameof(index), index, "no such memory");

    /// <summary>
    /// The offset of every active data segment (null for the others). Offsets are constant
    /// expressions; until globals exist, only <c>i32.const</c> can be evaluated.
    /// </summary>
    private static uint?[] EvaluateDataOffsets(WasmModule module)
    {
        var offsets = new uint?[module.Data.Length];
        for (int i = 0; i < offsets.Length; i++)
        {
            var segment = module.Data[i];
            if (segment.Mode != SegmentMode.Active) continue;
            var reader = new WasmReader(module.Bytes.Span, segment.Offset.Start, segment.Offset.End);
            if (reader.ReadByte() != Opcode.I32Const)
            {
                throw new NotSupportedException("data segment offsets other than i32.const are not supported by the runtime yet");
            }

            offsets[i] = (uint)reader.ReadVarS32();
            if (reader.ReadByte() != Opcode.End)
            {
                throw new NotSupportedException("extended constant expressions in data segment offsets are not supported");
            }
        }

        return offsets;
    }

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

    public void Dispose()
    {
        // The memory zeroes its size field in the context on the way out, so the context goes after it.
        _memory?.Dispose();
        if (_memoryHandle.IsAllocated)
        {
            _memoryHandle.Free();
            _memoryHandle = default;
        }

        _passiveData?.Dispose();
        _dataSegments?.Dispose();
        _functions?.Dispose();
        _context?.Dispose();
        _code?.Dispose();
    }
}
