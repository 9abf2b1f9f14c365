using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wasmbox.Engine.Runtime.Stubs;

/// <summary>
/// Records the return addresses of the wasm frames at a trap, walking the rbp chain from the trapping
/// frame up to the entry stub. Called from the trap handler before the stack is abandoned.
/// </summary>
internal static unsafe class TrapRecorder
{
    /// <summary>At most this many frames are recorded; deeper stacks keep their innermost part.</summary>
    public const int MaxFrames = 256;

    [ThreadStatic]
    private static List<nint>? _pcs;

    /// <summary>Program counters of the last trap on this thread, innermost first.</summary>
    public static IReadOnlyList<nint> LastTrapPcs => _pcs ?? [];

    [UnmanagedCallersOnly]
    public static void Record(ExecutionState* state)
    {
        // Nothing may escape into native frames: a failure here just leaves the trace short.
        try
        {
            var pcs = _pcs ??= new List<nint>(16);
            pcs.Clear();
            pcs.Add((nint)state->TrapPc);
            ulong entryFrame = state->SavedRsp + RuntimeStubs.SavedRspToFrame;
            ulong frame = state->TrapFrame;
            while (pcs.Count < MaxFrames && frame != 0 && frame < entryFrame)
            {
                ulong next = *(ulong*)frame;
                if (next == entryFrame || next <= frame) break;
                pcs.Add((nint)(*(ulong*)(frame + 8)));
                frame = next;
            }
        }
        catch (Exception)
        {
        }
    }
}
