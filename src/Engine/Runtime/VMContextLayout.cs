namespace Wasmbox.Engine.Runtime;

/// <summary>
/// Field offsets of an instance's VMContext, the native block that JIT code addresses through r15.
/// Fixed fields come first; arrays hang off pointers so the block's size does not depend on the module.
/// </summary>
internal static class VMContextLayout
{
    /// <summary>ExecutionState* of the thread running this instance's code.</summary>
    public const int ExecutionState = 0;

    /// <summary>Base address of memory 0 (0 when the instance has no memory).</summary>
    public const int Memory0Base = 8;

    /// <summary>Current size of memory 0 in bytes, kept up to date by the memory on every grow.</summary>
    public const int Memory0Size = 16;

    /// <summary>FuncRef* array, one entry per function index (imports first).</summary>
    public const int Functions = 24;

    /// <summary>Address of the process's trap handler stub.</summary>
    public const int TrapHandler = 32;

    /// <summary>Array of global cell addresses, one per global index (imports first).</summary>
    public const int Globals = 40;

    /// <summary>Array of TableDescriptor addresses, one per table index (imports first).</summary>
    public const int Tables = 48;

    /// <summary>GCHandle of the owning Instance, for runtime helpers called from JIT code.</summary>
    public const int InstanceHandle = 56;

    /// <summary>GCHandle (weak) of memory 0's <see cref="Native.LinearMemory"/>, for the memory.grow helper (0 without a memory).</summary>
    public const int Memory0 = 64;

    /// <summary>DataSegmentRef* array, one entry per data segment, for memory.init and data.drop.</summary>
    public const int DataSegments = 72;

    /// <summary>Address of <see cref="MemoryHelpers"/>' grow helper: <c>long (nint vmctx, uint deltaPages)</c>.</summary>
    public const int MemoryGrow = 80;

    /// <summary>Address of libc memmove (memory.copy, memory.init).</summary>
    public const int Memmove = 88;

    /// <summary>Address of libc memset (memory.fill).</summary>
    public const int Memset = 96;

    public const int Size = 128;
}

/// <summary>
/// What a function reference points at: its code, the context it runs with, and its signature's
/// process-wide id (for call_indirect's type check). 24 bytes, laid out for JIT code.
/// </summary>
internal struct FuncRef
{
    public const int CodeOffset = 0;
    public const int ContextOffset = 8;
    public const int TypeIdOffset = 16;
    public const int Size = 24;

    public nint Code;
    public nint Context;
    public int TypeId;
    public int Reserved;
}
