using Wasmbox.Daemon.Sessions;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Hosting;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Wasi;
using Wasmbox.Engine.Wasi.Binding;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Daemon.Wasi;

/// <summary>
/// One instance's WASI preview 1, served by the daemon: the guest's arguments, environment and
/// preopens (checked against the allowed roots), stdout and stderr sent to the client as
/// <c>instance/output</c>, and stdin given whole or streamed by <c>instance/stdin</c>.
/// Made and used on the session's executor thread.
/// </summary>
internal sealed class WasiBinding : IDisposable
{
    private readonly WasiContext _context;
    private readonly WasiImports _imports;
    private readonly Session _session;
    private readonly string _instanceId;

    private WasiBinding(Session session, string instanceId, WasiContext context)
    {
        _session = session;
        _instanceId = instanceId;
        _context = context;
        _imports = new WasiImports(context);
    }

    /// <summary>Whether WASI serves this import (so the client need not).</summary>
    public static bool Serves(Import import) =>
        import.Kind == ExternalKind.Function && WasiPreview1.Find(import.Module, import.Name) is not null;

    /// <summary>
    /// Refuses, before anything runs, a WASI module without the exported "memory" its WASI calls
    /// need, and options that do not go together.
    /// </summary>
    public static void Check(WasmModule module, WasiOptions options)
    {
        if (options.Stdin is not null && options.StreamStdin)
            throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, "wasi.stdin and wasi.streamStdin exclude each other");
        bool importsWasi = module.Imports.Any(Serves);
        if (importsWasi && !module.Exports.Any(e => e.Name == "memory" && e.Kind == ExternalKind.Memory))
            throw WasmboxErrors.Create(WasmboxErrorTypes.LinkError, "the module imports WASI but exports no memory named \"memory\"");
    }

    public static WasiBinding Create(Session session, string instanceId, WasiOptions options)
    {
        // Checked before any directory is opened: a refused preopen opens nothing.
        var preopens = options.Preopens
            .Select(p => new WasiPreopen(PreopenRoots.Check(p.Host, session.Options.AllowedPreopenRoots), p.Guest, p.ReadOnly))
            .ToList();

        var connection = session.Connection;
        var stdin = options.StreamStdin ? new StdinBuffer(() => connection.CloseReason is not null) : StdinBuffer.Complete(options.Stdin ?? []);
        var configuration = new WasiConfiguration
        {
            Arguments = options.Args,
            Environment = [.. options.Env],
            Preopens = preopens,
            Stdin = new StdinReader(stdin, session.Calls),
            Stdout = new OutputNotifications(instanceId, OutputStream.Stdout, session.Connection, session.Executor, session.Calls),
            Stderr = new OutputNotifications(instanceId, OutputStream.Stderr, session.Connection, session.Executor, session.Calls),
            StdinIsTerminal = options.StdinIsTerminal,
            StdoutIsTerminal = options.StdoutIsTerminal,
            StderrIsTerminal = options.StderrIsTerminal,
        };

        WasiContext context;
        try
        {
            context = new WasiContext(configuration);
        }
        catch (ArgumentException e)
        {
            throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, $"wasi: {e.Message}");
        }
        catch (DirectoryNotFoundException e)
        {
            throw WasmboxErrors.NotFound(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, e.Message);
        }

        if (options.StreamStdin) WasiSessions.StdinsOf(session)[instanceId] = stdin;
        return new WasiBinding(session, instanceId, context);
    }

    public object? Resolve(Import import) => Serves(import) ? _imports.Resolve(import) : null;

    public void Attach(Instance instance)
    {
        if (instance.GetMemory("memory") is { } memory) _imports.Attach(memory);
    }

    public void Dispose()
    {
        WasiSessions.StdinsOf(_session).TryRemove(_instanceId, out _);
        _imports.Dispose();
        _context.Dispose();
    }
}
