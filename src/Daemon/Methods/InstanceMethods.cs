using Wasmbox.Daemon.Instances;
using Wasmbox.Daemon.Logging;
using Wasmbox.Daemon.Sessions;
using Wasmbox.Daemon.Values;
using Wasmbox.Daemon.Wasi;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Runtime.Native;
using Wasmbox.Engine.Runtime.ResourceLimits;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Daemon.Methods;

/// <summary><c>instance/create</c> and <c>instance/dispose</c>.</summary>
internal static class InstanceMethods
{
    public static void Register(Session session)
    {
        session.Serve(WasmboxMethods.InstanceCreate, (request, cancellation) => new ValueTask<CreateInstanceResult>(Create(session, request, cancellation)));

        session.Serve(WasmboxMethods.InstanceDispose, async (request, _) =>
        {
            var instance = session.Instances.Remove(request.InstanceId);
            // A call in progress is stopped now (its guest code and its host-call waits), not at its
            // deadline; then, on the executor like every use of the instance, it is freed once the
            // call has unwound.
            instance.Interrupt();
            await session.Executor.RunAsync(() =>
            {
                instance.Dispose();
                return true;
            }).ConfigureAwait(false);
            return NoResult.Value;
        });
    }

    private static async Task<CreateInstanceResult> Create(Session session, CreateInstanceParams request, CancellationToken cancellation)
    {
        var compiled = session.Modules.Get(request.ModuleId).Module;
        var module = compiled.Module;
        var deadline = Deadlines.Read(request.Limits?.DeadlineMs, session.Options, "limits.deadlineMs") ?? session.Options.DefaultDeadline;
        var options = new InstanceOptions
        {
            MaxMemoryPages = ReadMemoryLimit(request.Limits?.MaxMemoryPages, session.Options.MaxMemoryPages),
            MemoryLimiter = session.MemoryBudget,
            StartDeadline = deadline,
        };
        if (request.Wasi is not null) WasiBinding.Check(module, request.Wasi);
        CheckImportsServed(module, request.HostFunctions, request.Wasi is not null);

        var id = session.Instances.NewId();
        await session.Executor.RunAsync(() =>
        {
            var instance = Instantiate(session, id, compiled, request.HostFunctions, request.Wasi, options, cancellation);
            // Taken on the executor, where the session's end frees what it holds: either the table
            // takes the instance before it closes, or it is freed here, never neither.
            if (!session.Instances.TryAdd(id, instance))
            {
                instance.Dispose();
                throw WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, "the session ended during the instantiation");
            }

            return true;
        }).ConfigureAwait(false);
        session.Log.Instantiated(session.Number, id, request.ModuleId);
        return new CreateInstanceResult { InstanceId = id, Exports = ExternDescriptions.Exports(module) };
    }

    /// <summary>
    /// Runs on the executor: instantiation may run the start function, which may call the client.
    /// The start function is stopped by its deadline, the request's cancellation and the session's end.
    /// </summary>
    private static SessionInstance Instantiate(Session session, string id, CompiledModule compiled, HostFunctionRef[] served, WasiOptions? wasi, InstanceOptions options, CancellationToken cancellation)
    {
        var deadline = options.StartDeadline!.Value;
        var imports = new InstanceImports(new ClientImports(compiled.Module, served, id, session.Connection, session.Executor, session.Calls));
        using var deadlineSource = new CancellationTokenSource(deadline);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, session.Ending);
        using var waits = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, deadlineSource.Token);
        session.Calls.Push(waits.Token);
        try
        {
            if (wasi is not null) imports.Add(WasiBinding.Create(session, id, wasi));
            var instance = new Instance(compiled, imports, options, stop.Token);
            imports.Attach(instance);
            return new SessionInstance(id, instance, imports, deadline);
        }
        catch (LinkException e)
        {
            imports.Dispose();
            throw WasmboxErrors.Create(WasmboxErrorTypes.LinkError, e.Message);
        }
        catch (ResourceLimitException e)
        {
            imports.Dispose();
            throw WasmboxErrors.Create(WasmboxErrorTypes.LimitExceeded, e.Message);
        }
        catch (TrapException trap)
        {
            imports.Dispose();
            throw GuestFailures.From(trap, deadlineSource.IsCancellationRequested, cancellation.IsCancellationRequested);
        }
        catch
        {
            imports.Dispose();
            throw;
        }
        finally
        {
            session.Calls.Pop();
        }
    }

    /// <summary>
    /// Every import must be a function the client serves, or (with <paramref name="wasi"/>) one of
    /// WASI's: the daemon has nothing else to offer, and a clear "who is missing" beats the engine's
    /// first unknown import.
    /// </summary>
    private static void CheckImportsServed(WasmModule module, HostFunctionRef[] served, bool wasi)
    {
        var offered = served.Select(f => (f.Module, f.Name)).ToHashSet();
        var missing = module.Imports
            .Where(i => !(wasi && WasiBinding.Serves(i)))
            .Where(i => i.Kind != ExternalKind.Function || !offered.Contains((i.Module, i.Name)))
            .Select(i => $"{i.Module}.{i.Name}")
            .ToList();
        if (missing.Count > 0)
        {
            throw WasmboxErrors.Create(WasmboxErrorTypes.LinkError,
                $"unsatisfied import{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}: list function imports in hostFunctions (other kinds cannot be served)");
        }
    }

    /// <summary>
    /// The most pages the instance's memory may ever have: the client's limit, within the daemon's.
    /// The engine caps growth there (memory.grow answers -1) and refuses a memory that starts above it.
    /// </summary>
    private static uint ReadMemoryLimit(long? requested, long daemonLimit)
    {
        if (requested is < 0) throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, "limits.maxMemoryPages must not be negative");
        if (requested > daemonLimit)
            throw WasmboxErrors.Create(WasmboxErrorTypes.LimitExceeded, $"limits.maxMemoryPages {requested} is over the daemon's limit of {daemonLimit}");
        return (uint)Math.Min(requested ?? daemonLimit, LinearMemory.MaxPages);
    }
}
