using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>Validates a decoded module by the algorithm of the WebAssembly 2.0 specification.</summary>
public static class ModuleValidator
{
    /// <summary>
    /// Validates the module and every function body. Throws <see cref="InvalidModuleException"/> for a
    /// rule broken, or <see cref="MalformedModuleException"/> for an instruction encoding that does not
    /// decode (function bodies are decoded here, not by the decoder).
    /// </summary>
    public static ValidatedModule Validate(WasmModule module) => throw new NotImplementedException();
}
