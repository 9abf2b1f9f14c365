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

    public Instance(ValidatedModule validated, IImportResolver? imports = null)
    {
        Module = validated.Module;
        if (Module.Memories.Length > 0 || Module.Tables.Length > 0)
        {
            throw new NotSupportedException("memories and tables are not supported by the runtime yet");
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
        }

        for (int i = 0; i < _functionOffsets.Length; i++)
        {
            int index = Module.ImportedFunctionCount + i;
            functions[index].Code = _code!.Address + _functionOffsets[i];
            functions[index].Context = _context.Address;
        }

        _globals = CreateGlobals();
        _globalCells = new NativeBlock((nuint)(8 * Math.Max(1, _globals.Length)));
        for (int i = 0; i < _globals.Length; i++) ((nint*)_globalCells.Address)[i] = _globals[i].Cell;
        *(nint*)(context + VMContextLayout.Globals) = _globalCells.Address;

        if (_code is not null) CodeRegistry.Add(_code.Address, compiled.Code.Length, Module, _functionOffsets);
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
        // The globals themselves are left to the GC: an instance that imported one may outlive this one.
        _globalCells.Dispose();
        if (_code is not null) CodeRegistry.Remove(_code.Address);
        _code?.Dispose();
    }
}
