using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler;
using Wasmbox.Engine.Runtime.Native;
using Wasmbox.Engine.Validation;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// A module compiled to machine code in executable memory. Immutable, so one compiled module serves
/// any number of instances on any threads. Its code is freed when neither it nor any instance of it
/// is reachable any more (the code region is finalizable), never while an instance may run it.
/// </summary>
public sealed class CompiledModule
{
    public CompiledModule(ValidatedModule validated)
    {
        Module = validated.Module;
        var compiled = ModuleCompiler.Compile(validated);
        FunctionOffsets = compiled.FunctionOffsets;
        CodeLength = compiled.Code.Length;
        if (compiled.Code.Length > 0)
        {
            Code = CodeMemory.Publish(compiled.Code);
            CodeRegistry.Add(Code, CodeLength, Module, FunctionOffsets);
        }
    }

    /// <summary>Decodes, validates and compiles a module binary (which must not change afterwards).</summary>
    public static CompiledModule Compile(ReadOnlyMemory<byte> bytes) =>
        new(ModuleValidator.Validate(ModuleDecoder.Decode(bytes)));

    public WasmModule Module { get; }

    /// <summary>Bytes of machine code.</summary>
    public int CodeLength { get; }

    internal CodeRegion? Code { get; }

    /// <summary>Offset of each defined function's entry in <see cref="Code"/>.</summary>
    internal int[] FunctionOffsets { get; }
}
