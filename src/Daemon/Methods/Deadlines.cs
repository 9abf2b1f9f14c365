using Wasmbox.Daemon.Hosting;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Daemon.Methods;

/// <summary>Reads a client's deadline in milliseconds, within what the daemon allows.</summary>
internal static class Deadlines
{
    public static TimeSpan? Read(long? milliseconds, DaemonOptions options, string what)
    {
        if (milliseconds is not { } ms) return null;
        if (ms <= 0) throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, $"{what} must be a positive number of milliseconds");
        var deadline = TimeSpan.FromMilliseconds(ms);
        if (deadline > options.MaxDeadline)
            throw WasmboxErrors.Create(WasmboxErrorTypes.LimitExceeded, $"{what} of {ms} ms is over the daemon's limit of {(long)options.MaxDeadline.TotalMilliseconds} ms");
        return deadline;
    }
}
