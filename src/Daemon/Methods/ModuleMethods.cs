using System.Diagnostics;
using Wasmbox.Daemon.Logging;
using Wasmbox.Daemon.Modules;
using Wasmbox.Daemon.Sessions;
using Wasmbox.Daemon.Values;
using Wasmbox.Engine;
using Wasmbox.Engine.Runtime;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Daemon.Methods;

/// <summary><c>module/compile</c> and <c>module/dispose</c>.</summary>
internal static class ModuleMethods
{
    public static void Register(Session session)
    {
        // Compiled modules are shared by the daemon's sessions (ModuleCache); each module id this
        // session holds is one reference, released by module/dispose or when the session ends.
        var cache = session.ModuleCache;

        // Compiling touches no instance, so it runs on the thread pool, not the session's executor:
        // a large compile does not wait behind a running guest, nor a guest behind it.
        session.Serve(WasmboxMethods.ModuleCompile, (request, cancellation) => new ValueTask<CompileModuleResult>(Task.Run(() =>
        {
            var id = session.Modules.NewId();
            var clock = Stopwatch.StartNew();
            ModuleLease lease;
            try
            {
                lease = cache.Acquire(request.Bytes, static bytes => CompiledModule.Compile(bytes));
            }
            catch (Exception e) when (e is MalformedModuleException or InvalidModuleException)
            {
                session.Log.CompileFailed(session.Number, WasmboxErrorTypes.CompileError, request.Bytes.Length);
                throw CompileError((WasmException)e);
            }

            if (!session.Modules.TryAdd(id, lease))
            {
                lease.Dispose();
                throw WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, "the session ended during the compile");
            }

            var compiled = lease.Module;
            session.Log.Compiled(session.Number, id, request.Bytes.Length, clock.Elapsed.TotalMilliseconds);
            return new CompileModuleResult
            {
                ModuleId = id,
                Imports = ExternDescriptions.Imports(compiled.Module),
                Exports = ExternDescriptions.Exports(compiled.Module),
            };
        }, cancellation)));

        // Instances keep their compiled module alive by themselves; dropping the id and its cache
        // reference is all there is.
        session.Serve(WasmboxMethods.ModuleDispose, (request, _) =>
        {
            session.Modules.Remove(request.ModuleId).Dispose();
            return ValueTask.FromResult(NoResult.Value);
        });
    }

    private static JsonRpcException CompileError(WasmException e) => WasmboxErrors.Create(new WasmboxErrorData
    {
        Type = WasmboxErrorTypes.CompileError,
        Message = e.Reason,
        Offset = e switch
        {
            MalformedModuleException malformed => malformed.Offset,
            InvalidModuleException invalid => invalid.Offset,
            _ => null,
        },
    });
}
