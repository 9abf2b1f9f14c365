using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Binding;

/// <summary>
/// Calls a WASI function with its wasm arguments as raw 64-bit values, in signature order: an i32
/// in the low 32 bits (upper bits ignored), an i64 as is. Returns the i32 result, the errno.
/// </summary>
public delegate int WasiInvoker(WasiContext context, IGuestMemory memory, ReadOnlySpan<ulong> arguments);

/// <summary>
/// One import of <c>wasi_snapshot_preview1</c>: its name, its wasm type, and how to call it. A binder
/// defines a host function of <see cref="Type"/> for each and forwards calls to <see cref="Invoke"/>.
/// </summary>
/// <remarks>
/// <see cref="Invoke"/> never throws, with one exception: <c>proc_exit</c> (whose type has no
/// result) throws <see cref="WasiExitException"/>, which the engine turns into the guest's clean
/// exit; and an <see cref="OperationCanceledException"/> from an embedder's stream (a blocking stdin
/// whose wait was cancelled) passes through, so the guest is stopped rather than told "io". Anything
/// else that goes wrong (an IO failure, a bug) comes back as an errno.
/// </remarks>
public sealed class WasiFunction
{
    internal WasiFunction(string name, FuncType type, WasiInvoker invoke)
    {
        Name = name;
        Type = type;
        Invoke = invoke;
    }

    /// <summary>The import module, always <c>wasi_snapshot_preview1</c>.</summary>
    public string Module => WasiPreview1.ModuleName;

    /// <summary>The import name, e.g. <c>fd_write</c>.</summary>
    public string Name { get; }

    /// <summary>The wasm signature: i32 and i64 parameters; one i32 result (the errno), none for proc_exit.</summary>
    public FuncType Type { get; }

    public WasiInvoker Invoke { get; }

    public override string ToString() => $"{Module}.{Name} {Type}";
}
