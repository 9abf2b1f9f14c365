using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// A function that wasm code can call: one exported by an instance, or one the host provides.
/// Importing it places its code and context in the importer's function table.
/// </summary>
public abstract class WasmFunction
{
    public abstract FuncType Type { get; }

    /// <summary>Machine code to call, following the JIT's calling convention.</summary>
    internal abstract nint Code { get; }

    /// <summary>The context the code expects in r15.</summary>
    internal abstract nint Context { get; }
}

/// <summary>A function exported by an instance; keeps the instance (and so its code) alive.</summary>
public sealed class ExportedFunction : WasmFunction
{
    private readonly nint _code;
    private readonly nint _context;

    internal ExportedFunction(Instance owner, uint index, FuncType type, nint code, nint context)
    {
        Owner = owner;
        Index = index;
        Type = type;
        _code = code;
        _context = context;
    }

    public Instance Owner { get; }

    public uint Index { get; }

    public override FuncType Type { get; }

    internal override nint Code => _code;

    internal override nint Context => _context;

    public ulong[] Invoke(params ulong[] arguments) => Owner.Invoke(Index, arguments);
}

/// <summary>Resolves a module's imports at instantiation: return a value of the import's kind, or null when there is none.</summary>
public interface IImportResolver
{
    object? Resolve(Import import);
}

/// <summary>An import could not be satisfied (the spec's "unlinkable").</summary>
public sealed class LinkException(string message) : Exception(message);
