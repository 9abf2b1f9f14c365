using Wasmbox.Daemon.Sessions;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Daemon.Wasi;

/// <summary><c>instance/stdin</c>: more bytes for a WASI instance's streamed stdin, answered once they are buffered.</summary>
internal static class WasiMethods
{
    public static void Register(Session session) =>
        session.Serve(WasmboxMethods.InstanceStdin, async (request, cancellation) =>
        {
            if (!WasiSessions.StdinsOf(session).TryGetValue(request.InstanceId, out var stdin))
            {
                _ = session.Instances.Get(request.InstanceId);
                throw WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, $"instance '{request.InstanceId}' was not created with wasi.streamStdin");
            }

            await stdin.WriteAsync(request.Bytes, request.Close, cancellation).ConfigureAwait(false);
            return NoResult.Value;
        });
}
