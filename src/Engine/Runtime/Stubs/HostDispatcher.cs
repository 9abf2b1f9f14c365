using System.Runtime.InteropServices;
using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Runtime.Stubs;

/// <summary>
/// The managed side of a call from wasm into a host function. Runs the callback and reports
/// success or failure as a number: no exception may cross back into native frames.
/// </summary>
internal static unsafe class HostDispatcher
{
    [ThreadStatic]
    private static Exception? _pending;

    /// <summary>The exception the last failing host call on this thread threw, taken once.</summary>
    public static Exception? TakePendingException()
    {
        var exception = _pending;
        _pending = null;
        return exception;
    }

    /// <summary>Keeps <paramref name="failure"/> for the trap a runtime helper's failure raises (a memory limiter that threw, say).</summary>
    public static void RecordFailure(Exception failure) => _pending = failure;

    /// <summary>
    /// <paramref name="area"/> is the caller's argument area: with n = max(params, results), argument
    /// and result j live at area[n - 1 - j]. Returns 0, or the trap code to raise.
    /// </summary>
    [UnmanagedCallersOnly]
    public static int Dispatch(byte* context, ulong* area)
    {
        try
        {
            var function = (HostFunction)GCHandle.FromIntPtr(*(nint*)(context + HostContextLayout.Function)).Target!;
            var type = function.Type;
            int parameterCount = type.Parameters.Length;
            int resultCount = type.Results.Length;
            int n = Math.Max(parameterCount, resultCount);

            Span<ulong> arguments = parameterCount <= 16 ? stackalloc ulong[parameterCount] : new ulong[parameterCount];
            for (int j = 0; j < parameterCount; j++) arguments[j] = area[n - 1 - j];
            Span<ulong> results = resultCount <= 16 ? stackalloc ulong[resultCount] : new ulong[resultCount];
            results.Clear();

            function.Callback(arguments, results);

            // JIT code relies on i32 and f32 values having a zero upper half.
            for (int j = 0; j < resultCount; j++)
            {
                if (type.Results[j] is ValType.I32 or ValType.F32) results[j] &= 0xFFFF_FFFF;
            }

            if (resultCount == 1) *(ulong*)(context + HostContextLayout.SingleResult) = results[0];
            else for (int j = 0; j < resultCount; j++) area[n - 1 - j] = results[j];
            return 0;
        }
        catch (Exception e)
        {
            _pending = e;
            return (int)TrapKind.HostError;
        }
    }
}
