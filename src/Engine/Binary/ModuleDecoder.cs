namespace Wasmbox.Engine.Binary;

/// <summary>Decodes a WebAssembly 2.0 binary into a <see cref="WasmModule"/>.</summary>
public static class ModuleDecoder
{
    /// <summary>
    /// Decodes every section. The module keeps a reference to <paramref name="bytes"/>, which must
    /// not change afterwards. Throws <see cref="MalformedModuleException"/> for any malformed input.
    /// </summary>
    public static WasmModule Decode(ReadOnlyMemory<byte> bytes) => throw new NotImplementedException();
}
