using System.Runtime.InteropServices;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime.Native;
using Wasmbox.Engine.Runtime.Stubs;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// Host code wasm can import. Arguments and results are raw bits (i32 and f32 in the low half).
/// An exception thrown by the callback becomes a trap in the calling wasm code, with the exception
/// kept as the trap's inner exception.
/// </summary>
public delegate void HostCallback(ReadOnlySpan<ulong> arguments, Span<ulong> results);

/// <summary>A host function, with the native context its call stub runs with.</summary>
public sealed unsafe class HostFunction : WasmFunction, IDisposable
{
    private readonly NativeBlock _context;
    private GCHandle _self;

    public HostFunction(FuncType type, HostCallback callback)
    {
        Type = type;
        Callback = callback;
        _context = new NativeBlock(HostContextLayout.Size);
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        byte* context = (byte*)_context.Address;
        *(nint*)(context + VMContextLayout.TrapHandler) = RuntimeStubs.TrapHandler;
        *(nint*)(context + HostContextLayout.Function) = GCHandle.ToIntPtr(_self);
        *(int*)(context + HostContextLayout.ParameterCount) = type.Parameters.Length;
        *(int*)(context + HostContextLayout.ResultCount) = type.Results.Length;
    }

    public override FuncType Type { get; }

    public HostCallback Callback { get; }

    internal override nint Code => RuntimeStubs.HostCallStub;

    internal override nint Context => _context.Address;

    public void Dispose()
    {
        if (_self.IsAllocated) _self.Free();
        _context.Dispose();
    }
}

/// <summary>
/// A host function's context. It starts like a VMContext (execution state, trap handler) because
/// the trap path reads those through r15 whatever code is running.
/// </summary>
internal static class HostContextLayout
{
    public const int Function = VMContextLayout.Size;
    public const int SingleResult = Function + 8;
    public const int ParameterCount = SingleResult + 8;
    public const int ResultCount = ParameterCount + 4;
    public const int Size = ResultCount + 4;
}
