using System.Runtime.InteropServices;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler;
using Wasmbox.Engine.Runtime.Interrupts;
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
    private readonly CompiledModule _compiled;
    private readonly CodeRegion? _code;
    private readonly NativeBlock _context;
    private readonly NativeBlock _functions;
    private readonly int[] _functionOffsets;
    private readonly LinearMemory? _memory;
    private GCHandle _memoryHandle;

    /// <summary>False when memory 0 is imported: it belongs to its exporter, this instance only unregisters from it.</summary>
    private readonly bool _ownsMemory;
    private readonly NativeBlock? _dataSegments;
    private readonly NativeBlock? _passiveData;

    /// <summary>What this instance imports, kept alive as long as it may use them.</summary>
    private readonly ResolvedImports _imports;

    /// <summary>Every global, imported ones first; the defined ones are this instance's to dispose.</summary>
    private readonly Global[] _globals;
    private readonly NativeBlock _globalCells;

    /// <summary>Every table, imported ones first.</summary>
    private readonly Table[] _tables;
    private readonly NativeBlock _tableDescriptors;

    /// <summary>Element segments' values for table.init; null once dropped (or applied, for active and declarative ones).</summary>
    private readonly ulong[]?[] _elementSegments;
    private GCHandle _handle;

    /// <summary>Set once this instance's function references were stored where another instance can reach them.</summary>
    private bool _sharesState;

    /// <summary>Compiles the module and instantiates it (see <see cref="Instance(CompiledModule, IImportResolver?, InstanceOptions?, CancellationToken)"/>).</summary>
    public Instance(ValidatedModule validated, IImportResolver? imports = null)
        : this(new CompiledModule(validated), imports)
    {
    }

    /// <summary>Instantiates the module without limits beyond its own (see <see cref="Instance(CompiledModule, IImportResolver?, InstanceOptions?, CancellationToken)"/>).</summary>
    public Instance(CompiledModule compiled, IImportResolver? imports = null)
        : this(compiled, imports, null)
    {
    }

    /// <summary>
    /// Links the module's imports and instantiates it in the spec's order: globals, tables and
    /// memory, element segments, data segments, then the start function, which runs under
    /// <paramref name="options"/>' start deadline and stops when <paramref name="cancellation"/> is
    /// cancelled. Throws <see cref="LinkException"/> for imports that do not resolve,
    /// <see cref="ResourceLimits.ResourceLimitException"/> for a memory over the options' limits, and
    /// <see cref="TrapException"/> when initialization or the start function traps (or is stopped).
    /// </summary>
    public Instance(CompiledModule compiled, IImportResolver? imports, InstanceOptions? options, CancellationToken cancellation = default)
    {
        options ??= InstanceOptions.Default;
        _compiled = compiled;
        Module = compiled.Module;
        _imports = ImportLinker.Link(Module, imports);
        _functionOffsets = compiled.FunctionOffsets;
        _code = compiled.Code;
        try
        {
            _context = new NativeBlock(VMContextLayout.Size);
            _functions = new NativeBlock((nuint)(Math.Max(1, Module.FunctionTypeIndices.Length) * FuncRef.Size));

            byte* context = (byte*)_context.Address;
            *(nint*)(context + VMContextLayout.Functions) = _functions.Address;
            *(nint*)(context + VMContextLayout.TrapHandler) = RuntimeStubs.TrapHandler;
            FillFunctionTable();

            if (Module.Memories.Length > 0)
            {
                var limits = Module.Memories[0].Limits;
                _ownsMemory = _imports.Memories.Count == 0;
                _memory = _ownsMemory
                    ? LinearMemory.Create(limits.Min, limits.Max, capPages: options.MaxMemoryPages, limiter: options.MemoryLimiter)
                    : _imports.Memories[0];
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

            _globals = CreateGlobals();
            _globalCells = new NativeBlock((nuint)(8 * Math.Max(1, _globals.Length)));
            for (int i = 0; i < _globals.Length; i++) ((nint*)_globalCells.Address)[i] = _globals[i].Cell;
            *(nint*)(context + VMContextLayout.Globals) = _globalCells.Address;

            _tables = [.. _imports.Tables, .. Module.Tables.Skip(Module.ImportedTableCount).Select(type => new Table(type))];
            _tableDescriptors = new NativeBlock((nuint)(8 * Math.Max(1, _tables.Length)));
            for (int i = 0; i < _tables.Length; i++) ((nint*)_tableDescriptors.Address)[i] = (nint)_tables[i].Descriptor;
            *(nint*)(context + VMContextLayout.Tables) = _tableDescriptors.Address;
            _handle = GCHandle.Alloc(this, GCHandleType.Weak);
            *(nint*)(context + VMContextLayout.InstanceHandle) = GCHandle.ToIntPtr(_handle);

            // The spec's order: element segments, then data segments, then the start function.
            _elementSegments = Module.Elements.Select(EvaluateElements).ToArray();
            ApplyActiveElementSegments();
            InitializeMemory(EvaluateDataOffsets());
            if (Module.StartFunction is { } start) Invoke(start, [], options.StartDeadline, cancellation);
        }
        catch
        {
            // A failed instantiation may already have written its functions into a table another
            // instance owns (the spec keeps those writes); then its code must outlive the failure,
            // and the table keeps it alive instead.
            if (!_sharesState) Dispose();
            throw;
        }
    }

    public WasmModule Module { get; }

    /// <summary>Fills the FuncRef of every function index: imports point at their own code and context.</summary>
    private void FillFunctionTable()
    {
        var functions = _functions.Pointer<FuncRef>();
        for (int i = 0; i < _imports.Functions.Count; i++)
        {
            functions[i].Code = _imports.Functions[i].Code;
            functions[i].Context = _imports.Functions[i].Context;
            functions[i].TypeId = TypeRegistry.IdOf(_imports.Functions[i].Type);
        }

        for (int i = 0; i < _functionOffsets.Length; i++)
        {
            int index = Module.ImportedFunctionCount + i;
            functions[index].Code = _code!.Address + _functionOffsets[i];
            functions[index].Context = _context.Address;
            functions[index].TypeId = TypeRegistry.IdOf(Module.GetFunctionType((uint)index));
        }
    }

    private Global[] CreateGlobals()
    {
        var globals = new List<Global>(_imports.Globals);
        foreach (var definition in Module.Globals)
        {
            ulong value = ConstantEvaluator.Evaluate(Module, definition.Init, globals, FunctionReference);
            globals.Add(new Global(definition.Type, value));
        }

        return [.. globals];
    }

    private ulong[] EvaluateElements(ElementSegment segment) =>
        segment.FunctionIndices is { } indices
            ? indices.Select(FunctionReference).ToArray()
            : segment.Expressions!.Select(e => ConstantEvaluator.Evaluate(Module, e, _globals, FunctionReference)).ToArray();

    /// <summary>
    /// Copies active segments into their tables in order, as table.init would; an out-of-bounds one
    /// traps, leaving the earlier ones applied. Active and declarative segments are dropped after.
    /// </summary>
    private void ApplyActiveElementSegments()
    {
        for (int i = 0; i < Module.Elements.Length; i++)
        {
            var segment = Module.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                uint offset = (uint)ConstantEvaluator.Evaluate(Module, segment.Offset, _globals, FunctionReference);
                var values = _elementSegments[i]!;
                var table = _tables[segment.TableIndex].Elements;
                if ((ulong)offset + (ulong)values.Length > (ulong)table.Length)
                {
                    throw new TrapException(TrapKind.OutOfBoundsTableAccess, []);
                }

                if (segment.TableIndex < Module.ImportedTableCount && values.Length > 0)
                {
                    _tables[segment.TableIndex].Keepalive.Add(this);
                    _sharesState = true;
                }

                values.CopyTo(table.Slice((int)offset));
            }

            if (segment.Mode != SegmentMode.Passive) _elementSegments[i] = null;
        }
    }

    internal Table[] Tables => _tables;

    internal ulong[] ElementSegmentValues(uint segment) => _elementSegments[segment] ?? [];

    internal void DropElementSegment(uint segment) => _elementSegments[segment] = null;

    /// <summary>The index of the export <paramref name="name"/> of <paramref name="kind"/>, or null.</summary>
    private uint? ExportIndex(string name, ExternalKind kind) =>
        Module.Exports.FirstOrDefault(e => e.Name == name && e.Kind == kind)?.Index;

    private uint ExportedFunctionIndex(string name) =>
        ExportIndex(name, ExternalKind.Function) ?? throw new ArgumentException($"no exported function named {name}", nameof(name));

    /// <summary>The exported table <paramref name="name"/>, or null.</summary>
    public Table? GetTable(string name)
    {
        return ExportIndex(name, ExternalKind.Table) is { } index ? _tables[index] : null;
    }

    /// <summary>A funcref value: the address of the function's FuncRef entry.</summary>
    private ulong FunctionReference(uint functionIndex) => (ulong)(_functions.Address + ((nint)functionIndex * FuncRef.Size));

    /// <summary>The exported global <paramref name="name"/>, or null.</summary>
    public Global? GetGlobal(string name)
    {
        return ExportIndex(name, ExternalKind.Global) is { } index ? _globals[index] : null;
    }

    /// <summary>The exported function <paramref name="name"/>, or null.</summary>
    public ExportedFunction? GetFunction(string name)
    {
        if (ExportIndex(name, ExternalKind.Function) is not { } index) return null;
        var entry = _functions.Pointer<FuncRef>()[index];
        return new ExportedFunction(this, index, Module.GetFunctionType(index), entry.Code, entry.Context);
    }

    /// <summary>Calls the exported function <paramref name="name"/> with typed arguments, checked against its signature.</summary>
    public WasmValue[] Call(string name, params WasmValue[] arguments)
    {
        uint functionIndex = ExportedFunctionIndex(name);
        var type = Module.GetFunctionType(functionIndex);
        if (!arguments.Select(a => a.Type).SequenceEqual(type.Parameters))
        {
            throw new ArgumentException($"{name} takes {type}, not [{string.Join(' ', arguments.Select(a => a.Type.ToWat()))}]", nameof(arguments));
        }

        var results = Invoke(functionIndex, arguments.Select(a => a.Bits).ToArray());
        return results.Select((bits, i) => new WasmValue(type.Results[i], bits)).ToArray();
    }

    /// <summary>Calls the exported function <paramref name="name"/> with arguments as raw bits; returns the results as raw bits.</summary>
    public ulong[] Invoke(string name, params ulong[] arguments)
    {
        return Invoke(ExportedFunctionIndex(name), arguments);
    }

    public ulong[] Invoke(uint functionIndex, ulong[] arguments) => Invoke(functionIndex, arguments, null);

    /// <summary>The detail of a call stopped because a call it is nested in was: it reports that call's reason.</summary>
    private const string EnclosingCallStopped = "the call this one is nested in was stopped";

    /// <summary>
    /// Calls function <paramref name="functionIndex"/>; with a <paramref name="deadline"/>, code still
    /// running when it passes stops with the trap "deadline exceeded", and cancelling
    /// <paramref name="cancellation"/> stops it with the trap "interrupted". Either stops calls nested
    /// inside this one too (host → wasm), which report the same reason. The instance stays usable,
    /// its state as the guest left it, as after any trap.
    /// </summary>
    public ulong[] Invoke(uint functionIndex, ulong[] arguments, TimeSpan? deadline, CancellationToken cancellation = default)
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

        var target = _functions.Pointer<FuncRef>()[functionIndex];
        long trap;
        var interruptReason = TrapKind.None;
        bool interruptedHere = false;
        var calls = InterruptibleCalls.Current;
        using (var interruptible = calls.Begin(deadline, cancellation))
        {
            fixed (ulong* slotPointer = slots)
            {
                trap = RuntimeStubs.Enter(ThreadExecution.Current, target.Context, target.Code, slotPointer, slotCount, resultKind);
            }

            // A stack-limit trap may be a raised limit (this call's interrupt or an enclosing one's),
            // and a host failure may be a nested call that this call's interrupt stopped.
            if (trap is (long)TrapKind.CallStackExhausted or (long)TrapKind.HostError)
            {
                interruptReason = calls.ReasonFor(interruptible, out interruptedHere);
            }
        }

        GC.KeepAlive(this);
        GC.KeepAlive(_compiled);
        if (trap != 0)
        {
            var kind = (TrapKind)trap;
            var stack = CodeRegistry.LastTrapStack();
            string? interruptDetail = interruptedHere ? null : EnclosingCallStopped;
            if (kind == TrapKind.CallStackExhausted && interruptReason != TrapKind.None)
            {
                throw new TrapException(interruptReason, stack, interruptDetail);
            }

            if (kind == TrapKind.HostError && HostDispatcher.TakePendingException() is { } failure)
            {
                if (interruptReason != TrapKind.None && failure is TrapException { Kind: TrapKind.DeadlineExceeded or TrapKind.Interrupted })
                {
                    throw new TrapException(interruptReason, stack, interruptDetail, failure);
                }

                throw new TrapException(kind, stack, failure.Message, failure);
            }

            var state = ThreadExecution.Current;
            if (kind == TrapKind.UninitializedElement) throw new TrapException(kind, stack, state->TrapDetail.ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw new TrapException(kind, stack);
        }

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

    public void Dispose()
    {
        // The memory zeroes its size field in the context on the way out, so the context goes after it.
        if (_ownsMemory) _memory?.Dispose();
        else if (_memory is not null && _context is not null) _memory.UnregisterSizeField(_context, VMContextLayout.Memory0Size);
        if (_memoryHandle.IsAllocated)
        {
            _memoryHandle.Free();
            _memoryHandle = default;
        }

        // Globals and tables are left to the GC: an instance that imported one may outlive this one.
        _passiveData?.Dispose();
        _dataSegments?.Dispose();
        _globalCells?.Dispose();
        _tableDescriptors?.Dispose();
        if (_handle.IsAllocated) _handle.Free();
        _functions?.Dispose();
        _context?.Dispose();
        // The code belongs to the compiled module, which other instances may share.
    }
}
