using Wasmbox.Engine.Runtime.Native;

namespace Wasmbox.Engine.Runtime;

/// <summary>The calling thread's <see cref="ExecutionState"/>, created on first use and kept for the thread's life.</summary>
internal static unsafe class ThreadExecution
{
    [ThreadStatic]
    private static NativeBlock? _block;

    public static ExecutionState* Current
    {
        get
        {
            if (_block is null)
            {
                _block = new NativeBlock((nuint)sizeof(ExecutionState));
                var state = _block.Pointer<ExecutionState>();
                state->StackLimit = ThreadStack.WasmLimit();
                state->RealStackLimit = state->StackLimit;
            }

            return _block.Pointer<ExecutionState>();
        }
    }
}
