using System.Runtime.InteropServices;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler;
using Wasmbox.Engine.Runtime.Native;
using Wasmbox.Engine.Runtime.Stubs;
using Wasmbox.Engine.Validation;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// An instantiated module: its code published into executable memory, its memory, tables and
/// globals, and the VMContext its code runs with. This part links, builds the context and function
/// table, and disposes; calls, memory, tables and globals each have their own part.
/// </summary>
public sealed unsafe partial class Instance : IDisposable
{
    private readonly CompiledModule _compiled;
    private readonly CodeRegion? _code;
    private readonly NativeBlock _context;
    private readonly NativeBlock _functions;
    private readonly int[] _functionOffsets;

    /// <summary>What this instance imports, kept alive as long as it may use them.</summary>
    private readonly ResolvedImports _imports;

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

            (_memory, _ownsMemory) = OpenMemory(options);
            if (_memory is not null) PublishMemory(context);

            (_dataSegments, _passiveData) = CreateDataSegments(Module);
            if (_dataSegments is not null) *(nint*)(context + VMContextLayout.DataSegments) = _dataSegments.Address;

            _globals = CreateGlobals();
            _globalCells = PublishGlobals(context);

            _tables = CreateTables();
            _tableDescriptors = PublishTables(context);
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

    /// <summary>The index of the export <paramref name="name"/> of <paramref name="kind"/>, or null.</summary>
    private uint? ExportIndex(string name, ExternalKind kind) =>
        Module.Exports.FirstOrDefault(e => e.Name == name && e.Kind == kind)?.Index;

    private uint ExportedFunctionIndex(string name) =>
        ExportIndex(name, ExternalKind.Function) ?? throw new ArgumentException($"no exported function named {name}", nameof(name));

    /// <summary>A funcref value: the address of the function's FuncRef entry.</summary>
    private ulong FunctionReference(uint functionIndex) => (ulong)(_functions.Address + ((nint)functionIndex * FuncRef.Size));

    /// <summary>The exported function <paramref name="name"/>, or null.</summary>
    public ExportedFunction? GetFunction(string name)
    {
        if (ExportIndex(name, ExternalKind.Function) is not { } index) return null;
        var entry = _functions.Pointer<FuncRef>()[index];
        return new ExportedFunction(this, index, Module.GetFunctionType(index), entry.Code, entry.Context);
    }

    public void Dispose()
    {
        // The memory zeroes its size field in the context on the way out, so the context goes after it.
        DisposeMemory();

        // Globals and tables are left to the GC: an instance that imported one may outlive this one.
        _globalCells?.Dispose();
        _tableDescriptors?.Dispose();
        if (_handle.IsAllocated) _handle.Free();
        _functions?.Dispose();
        _context?.Dispose();
        // The code belongs to the compiled module, which other instances may share.
    }
}
