using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime.Native;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// A global variable: a 16-byte native cell that JIT code reads and writes directly. An imported
/// global is the exporter's cell itself, so a mutable global is shared by every instance using it.
/// Values are raw bits (i32 and f32 zero-extended; a funcref is the address of its FuncRef, 0 for null).
/// </summary>
public sealed unsafe class Global : IDisposable
{
    private readonly NativeBlock _cell = new(16);

    public Global(GlobalType type, ulong initialBits = 0)
    {
        Type = type;
        Bits = initialBits;
    }

    public GlobalType Type { get; }

    internal nint Cell => _cell.Address;

    public ulong Bits
    {
        get => *(ulong*)_cell.Address;
        set => *(ulong*)_cell.Address = Type.Type is ValType.I32 or ValType.F32 ? value & 0xFFFF_FFFF : value;
    }

    public void Dispose() => _cell.Dispose();
}
