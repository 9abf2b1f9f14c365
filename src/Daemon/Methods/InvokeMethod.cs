using Wasmbox.Daemon.Instances;
using Wasmbox.Daemon.Logging;
using Wasmbox.Daemon.Sessions;
using Wasmbox.Daemon.Values;
using Wasmbox.Daemon.Wasi;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Daemon.Methods;

/// <summary><c>instance/invoke</c>: typed values in, typed values out, always within a deadline.</summary>
internal static class InvokeMethod
{
    public static void Register(Session session) =>
        session.Serve(WasmboxMethods.InstanceInvoke, async (request, cancellation) =>
        {
            var target = session.Instances.Get(request.InstanceId);
            var (index, type) = FindFunction(target.Module, request.Export);
            // Arguments are read here, off the executor, so a malformed call is refused without
            // waiting for a guest that is running.
            var args = ValueBits.FromWire(WireValueJson.FromJson(request.Args, type.Parameters.ToWire()));
            var deadline = Deadlines.Read(request.DeadlineMs, session.Options, "deadlineMs") ?? target.DefaultDeadline;
            ulong[] results;
            try
            {
                results = await session.Executor.RunAsync(() => Run(session, target, index, args, deadline, cancellation)).ConfigureAwait(false);
            }
            catch (TrapException trap) when (WasiExit.Is(trap, out var exitCode))
            {
                return new InvokeResult { ExitCode = exitCode };
            }

            return new InvokeResult { Results = WireValueJson.ToJson(ValueBits.ToWire(results, type.Results)) };
        });

    private static (uint Index, FuncType Type) FindFunction(WasmModule module, string name)
    {
        var export = module.Exports.FirstOrDefault(e => e.Name == name) ?? throw WasmboxErrors.NotFound($"no export named '{name}'");
        if (export.Kind != ExternalKind.Function)
            throw WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, $"export '{name}' is not a function");
        var type = module.GetFunctionType(export.Index);
        ValueBits.RequireSupported(type, $"export '{name}'");
        return (export.Index, type);
    }

    /// <summary>
    /// Runs on the executor. The guest is stopped by its deadline, the request's cancellation, its
    /// instance's disposal and the session's end; host calls made meanwhile wait on the token pushed here.
    /// </summary>
    private static ulong[] Run(Session session, SessionInstance target, uint index, ulong[] args, TimeSpan deadline, CancellationToken cancellation)
    {
        if (!target.IsUsable) throw WasmboxErrors.NotFound($"instance '{target.Id}' was disposed");
        cancellation.ThrowIfCancellationRequested();
        using var deadlineSource = new CancellationTokenSource(deadline);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, target.Disposing, session.Ending);
        using var waits = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, deadlineSource.Token);
        session.Calls.Push(waits.Token);
        try
        {
            return target.Enter(instance => instance.Invoke(index, args, deadline, stop.Token));
        }
        catch (TrapException trap) when (!WasiExit.Is(trap))
        {
            var failure = GuestFailures.From(trap, deadlineSource.IsCancellationRequested, cancellation.IsCancellationRequested);
            session.Log.GuestStopped(session.Number, target.Id, GuestFailures.TypeOf(failure), trap.Kind.Message());
            throw failure;
        }
        finally
        {
            session.Calls.Pop();
        }
    }
}
