namespace Wasmbox.Engine;

/// <summary>Base of every error the engine reports about a module.</summary>
public abstract class WasmException : Exception
{
    protected WasmException(string reason, string message, Exception? inner = null)
        : base(message, inner)
    {
        Reason = reason;
    }

    /// <summary>The bare reason, in the words the WebAssembly specification's test suite uses.</summary>
    public string Reason { get; }
}

/// <summary>The bytes are not a well-formed WebAssembly binary (the spec's "malformed").</summary>
public sealed class MalformedModuleException : WasmException
{
    public MalformedModuleException(string reason, long offset)
        : base(reason, $"{reason} (at byte offset 0x{offset:x})")
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the module binary where decoding failed.</summary>
    public long Offset { get; }
}

/// <summary>The module decodes but breaks a validation rule (the spec's "invalid").</summary>
public sealed class InvalidModuleException : WasmException
{
    public InvalidModuleException(string reason, long offset, int functionIndex = -1)
        : base(reason, functionIndex >= 0
            ? $"{reason} (in function {functionIndex}, at byte offset 0x{offset:x})"
            : $"{reason} (at byte offset 0x{offset:x})")
    {
        Offset = offset;
        FunctionIndex = functionIndex;
    }

    /// <summary>Byte offset in the module binary of the offending construct.</summary>
    public long Offset { get; }

    /// <summary>Index (in the function index space) of the function at fault, or -1.</summary>
    public int FunctionIndex { get; }
}
