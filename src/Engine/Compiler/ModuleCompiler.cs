using Wasmbox.Engine.Compiler.Emit;
using Wasmbox.Engine.Validation;

namespace Wasmbox.Engine.Compiler;

/// <summary>Machine code for a whole module: one position-independent blob and where each function starts in it.</summary>
public sealed class CompiledCode
{
    public required byte[] Code { get; init; }

    /// <summary>Offset of each defined function's entry (index = function index - imported count).</summary>
    public required int[] FunctionOffsets { get; init; }
}

/// <summary>Compiles every function of a validated module into one code blob.</summary>
public static class ModuleCompiler
{
    /// <param name="options">How to compile; null for <see cref="CompilerOptions.Default"/> (the process's environment).</param>
    public static CompiledCode Compile(ValidatedModule module, CompilerOptions? options = null)
    {
        var emitter = new X64Emitter();
        var compilation = new ModuleCompilation(module.Module, emitter, options ?? CompilerOptions.Default);
        var compiler = new FunctionCompiler(emitter, compilation);
        var offsets = new int[module.Functions.Length];
        for (int i = 0; i < module.Functions.Length; i++)
        {
            var function = module.Functions[i];
            emitter.Align(16);
            var label = compilation.FunctionLabel(function.FunctionIndex);
            emitter.Bind(label);
            offsets[i] = emitter.OffsetOf(label);
            compiler.Compile(function);
        }

        emitter.Finish();
        return new CompiledCode { Code = emitter.Buffer.ToArray(), FunctionOffsets = offsets };
    }
}
