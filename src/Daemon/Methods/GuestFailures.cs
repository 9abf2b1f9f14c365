using Wasmbox.Daemon.Instances;
using Wasmbox.Engine.Runtime;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Daemon.Methods;

/// <summary>Turns a guest call that stopped into the protocol's error: a Trap, DeadlineExceeded, Cancelled or HostError with the wasm stack.</summary>
internal static class GuestFailures
{
    /// <param name="deadlinePassed">Whether the call's own deadline had passed (a host-call wait it ended is a deadline, not a host error).</param>
    /// <param name="requestCancelled">Whether the client cancelled the request (answered -32800 by the connection).</param>
    public static Exception From(TrapException trap, bool deadlinePassed, bool requestCancelled)
    {
        string[] stack = [.. trap.WasmStack];
        if (trap.Kind == TrapKind.DeadlineExceeded || (trap.Kind == TrapKind.HostError && trap.InnerException is OperationCanceledException && deadlinePassed))
            return Error(WasmboxErrorTypes.DeadlineExceeded, TrapKind.DeadlineExceeded.Message(), stack, trapKind: null);

        // Stopped by the engine: the client's own $/cancelRequest is answered -32800 by the
        // connection; the instance's disposal, the session's end or an enclosing call's cancellation is Cancelled.
        if (trap.Kind == TrapKind.Interrupted)
        {
            return requestCancelled
                ? new OperationCanceledException("the request was cancelled", trap)
                : Error(WasmboxErrorTypes.Cancelled, "the call was stopped: its instance was disposed, its session is closing or a call it was nested in was cancelled", stack, null);
        }

        if (trap.Kind == TrapKind.HostError)
        {
            return trap.InnerException switch
            {
                OperationCanceledException when requestCancelled => new OperationCanceledException("the request was cancelled", trap),
                OperationCanceledException => Error(WasmboxErrorTypes.HostError, "the host call was abandoned: the instance or its session is closing", stack, null),
                HostCallFailedException failed => Error(WasmboxErrorTypes.HostError, failed.Message, stack, null),
                // Our own refusal inside a host function (a funcref result, say) keeps its type.
                JsonRpcException typed => typed,
                var other => Error(WasmboxErrorTypes.HostError, other?.Message ?? trap.Message, stack, null),
            };
        }

        return Error(WasmboxErrorTypes.Trap, trap.Message, stack, trap.Kind.Message());
    }

    /// <summary>The error's <c>data.type</c>, for logs.</summary>
    public static string TypeOf(Exception failure) =>
        failure is JsonRpcException { ErrorData: { } data } && data.TryGetProperty("type", out var type) ? type.GetString() ?? "error" : "cancelled";

    private static JsonRpcException Error(string type, string message, string[] stack, string? trapKind) =>
        WasmboxErrors.Create(new WasmboxErrorData { Type = type, Message = message, WasmStack = stack, TrapKind = trapKind });
}
