using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;

namespace Wasmbox.Engine.Compiler;

/// <summary>What every function compiler of one module shares: the module, the options and the entry label of each defined function.</summary>
internal sealed class ModuleCompilation
{
    private readonly CodeLabel[] _functionLabels;

    public ModuleCompilation(WasmModule module, X64Emitter emitter, CompilerOptions options)
    {
        Module = module;
        Options = options;
        _functionLabels = new CodeLabel[module.Codes.Length];
        for (int i = 0; i < _functionLabels.Length; i++) _functionLabels[i] = emitter.NewLabel();
    }

    public WasmModule Module { get; }

    public CompilerOptions Options { get; }

    public CodeLabel FunctionLabel(uint functionIndex) => _functionLabels[functionIndex - (uint)Module.ImportedFunctionCount];
}
