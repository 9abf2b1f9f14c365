using System.Runtime.InteropServices;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// Per-thread state that JIT code and the stubs share, in native memory. JIT code reaches it
/// through <see cref="VMContextLayout.ExecutionState"/>; field offsets are part of the ABI.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ExecutionState
{
    public const int StackLimitOffset = 0;
    public const int SavedRspOffset = 8;
    public const int TrapCodeOffset = 16;
    public const int TrapFrameOffset = 24;
    public const int TrapPcOffset = 32;

    /// <summary>
    /// Function prologues and loop headers trap when rsp is below this. Another thread sets it to
    /// <see cref="ulong.MaxValue"/> to interrupt the guest at its next check.
    /// </summary>
    public ulong StackLimit;

    /// <summary>Stack pointer of the innermost entry stub; a trap resumes there.</summary>
    public ulong SavedRsp;

    public int TrapCode;
    public int Reserved;

    /// <summary>rbp of the wasm frame that trapped, where the stack walk starts.</summary>
    public ulong TrapFrame;

    /// <summary>Return address pushed by the trap site's call into the trap handler.</summary>
    public ulong TrapPc;

    /// <summary>The real limit, kept while <see cref="StackLimit"/> is raised to interrupt.</summary>
    public ulong RealStackLimit;

    public const int TrapDetailOffset = 48;

    /// <summary>A number some trap sites add to the trap (the table index of an uninitialized element).</summary>
    public long TrapDetail;
}
