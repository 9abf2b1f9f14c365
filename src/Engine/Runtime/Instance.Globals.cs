using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime.Native;

namespace Wasmbox.Engine.Runtime;

/// <summary>Globals: imported ones first, then the defined ones, evaluated in order.</summary>
public sealed unsafe partial class Instance
{
    /// <summary>Every global, imported ones first; the defined ones are this instance's to dispose.</summary>
    private readonly Global[] _globals;
    private readonly NativeBlock _globalCells;

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

    /// <summary>The table of global cells JIT code reaches through the context.</summary>
    private NativeBlock PublishGlobals(byte* context)
    {
        var cells = new NativeBlock((nuint)(8 * Math.Max(1, _globals.Length)));
        for (int i = 0; i < _globals.Length; i++) ((nint*)cells.Address)[i] = _globals[i].Cell;
        *(nint*)(context + VMContextLayout.Globals) = cells.Address;
        return cells;
    }

    /// <summary>The exported global <paramref name="name"/>, or null.</summary>
    public Global? GetGlobal(string name)
    {
        return ExportIndex(name, ExternalKind.Global) is { } index ? _globals[index] : null;
    }
}
