using System.Runtime.InteropServices;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler;
using Wasmbox.Engine.Runtime.Native;
using Wasmbox.Engine.Runtime.Stubs;
using Wasmbox.Engine.Validation;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// An instantiated module: its code published into executable memory, and the VMContext its
/// code runs with. This first cut covers modules without imports, memories, tables or globals.
/// </summary>
public sealed unsafe class Instance : IDisposable
{
    private readonly CodeRegion? _code;
    private readonly NativeBlock _context;
    private readonly NativeBlock _functions;
    private readonly int[] _functionOffsets;

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

    public Instance(ValidatedModule validated, IImportResolver? imports = null)
    {
        Module = validated.Module;
        if (Module.Memories.Length > 0)
        {
            throw new NotSupportedException("memories are not supported by the runtime yet");
        }

        _imports = ImportLinker.Link(Module, imports);

        var compiled = ModuleCompiler.Compile(validated);
        _functionOffsets = compiled.FunctionOffsets;
        _code = compiled.Code.Length > 0 ? CodeMemory.Publish(compiled.Code) : null;
        _context = new NativeBlock(VMContextLayout.Size);
        _functions = new NativeBlock((nuint)(Math.Max(1, Module.FunctionTypeIndices.Length) * FuncRef.Size));

        byte* context = (byte*)_context.Address;
        *(nint*)(context + VMContextLayout.Functions) = _functions.Address;
        *(nint*)(context + VMContextLayout.TrapHandler) = RuntimeStubs.TrapHandler;
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

        _elementSegments = Module.Elements.Select(EvaluateElements).ToArray();
        ApplyActiveElementSegments();

        if (_code is not null) CodeRegistry.Add(_code, compiled.Code.Length, Module, _functionOffsets);
        if (Module.StartFunction is { } start) Invoke(start, []);
    }

    public WasmModule Module { get; }

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

                values.CopyTo(table.Slice((int)offset));
            }

            if (segment.Mode != SegmentMode.Passive) _elementSegments[i] = null;
        }
    }

    internal Table[] Tables => _tables;

    internal ulong[] ElementSegmentValues(uint segment) => _elementSegments[segment] ?? [];

    internal void DropElementSegment(uint segment) => _elementSegments[segment] = null;

    /// <summary>The exported table <paramref name="name"/>, or null.</summary>
    public Table? GetTable(string name)
    {
        var export = Module.Exports.FirstOrDefault(e => e.Name == name && e.Kind == ExternalKind.Table);
        return export is null ? null : _tables[export.Index];
    }

    /// <summary>A funcref value: the address of the function's FuncRef entry.</summary>
    private ulong FunctionReference(uint functionIndex) => (ulong)(_functions.Address + ((nint)functionIndex * FuncRef.Size));

    /// <summary>The exported global <paramref name="name"/>, or null.</summary>
    public Global? GetGlobal(string name)
    {
        var export = Module.Exports.FirstOrDefault(e => e.Name == name && e.Kind == ExternalKind.Global);
        return export is null ? null : _globals[export.Index];
    }

    /// <summary>The exported function <paramref name="name"/>, or null.</summary>
    public ExportedFunction? GetFunction(string name)
    {
        var export = Module.Exports.FirstOrDefault(e => e.Name == name && e.Kind == ExternalKind.Function);
        if (export is null) return null;
        var entry = _functions.Pointer<FuncRef>()[export.Index];
        return new ExportedFunction(this, export.Index, Module.GetFunctionType(export.Index), entry.Code, entry.Context);
    }

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

        var target = _functions.Pointer<FuncRef>()[functionIndex];
        long trap;
        fixed (ulong* slotPointer = slots)
        {
            trap = RuntimeStubs.Enter(ThreadExecution.Current, target.Context, target.Code, slotPointer, slotCount, resultKind);
        }

        GC.KeepAlive(this);
        if (trap != 0)
        {
            var kind = (TrapKind)trap;
            var stack = CodeRegistry.LastTrapStack();
            if (kind == TrapKind.HostError && HostDispatcher.TakePendingException() is { } failure)
            {
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

    public void Dispose()
    {
        _functions.Dispose();
        _context.Dispose();
        // Globals and tables are left to the GC: an instance that imported one may outlive this one.
        _globalCells.Dispose();
        _tableDescriptors.Dispose();
        if (_handle.IsAllocated) _handle.Free();
        if (_code is not null) CodeRegistry.Remove(_code.Address);
        _code?.Dispose();
    }
}
