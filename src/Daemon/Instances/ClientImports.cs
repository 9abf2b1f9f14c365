using Wasmbox.Daemon.Execution;
using Wasmbox.Daemon.Values;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Daemon.Instances;

/// <summary>
/// Serves the function imports the client said it implements: each becomes a host function that
/// sends <c>host/call</c> to the client and waits for the answer on the executor thread, running
/// the client's re-entrant calls (invoke, memory read/write) meanwhile.
/// </summary>
internal sealed class ClientImports : IImportResolver, IDisposable
{
    private readonly HashSet<(string Module, string Name)> _served;
    private readonly string _instanceId;
    private readonly JsonRpcConnection _connection;
    private readonly WasmExecutor _executor;
    private readonly CallStack _calls;
    private readonly List<HostFunction> _functions = [];

    private readonly WasmModule _module;

    public ClientImports(WasmModule module, IEnumerable<HostFunctionRef> served, string instanceId, JsonRpcConnection connection, WasmExecutor executor, CallStack calls)
    {
        _module = module;
        _served = served.Select(f => (f.Module, f.Name)).ToHashSet();
        _instanceId = instanceId;
        _connection = connection;
        _executor = executor;
        _calls = calls;
    }

    public object? Resolve(Import import)
    {
        if (import.Kind != ExternalKind.Function || !_served.Contains((import.Module, import.Name))) return null;
        return Bind(import.Module, import.Name, _module.Types[import.FunctionTypeIndex]);
    }

    private HostFunction Bind(string module, string name, FuncType type)
    {
        ValueBits.RequireSupported(type, $"import {module}.{name}");
        var function = new HostFunction(type, (arguments, results) =>
        {
            var args = WireValueJson.ToJson(ValueBits.ToWire(arguments, type.Parameters));
            var answer = CallClient(new HostCallParams { InstanceId = _instanceId, Module = module, Name = name, Args = args });
            WireValue[] values;
            try
            {
                values = WireValueJson.FromJson(answer.Results, type.Results.ToWire(), "results");
            }
            catch (WireValueFormatException e)
            {
                throw new HostCallFailedException($"{module}.{name} answered with bad results: {e.Message}", e);
            }

            ValueBits.FromWire(values).CopyTo(results);
        });
        _functions.Add(function);
        return function;
    }

    /// <summary>
    /// Sends the call and waits for it, pumping the session's queued work. The wait ends with the
    /// innermost guest call's token (deadline, cancellation, disposal, session end): never a hang.
    /// </summary>
    private HostCallResult CallClient(HostCallParams call)
    {
        var token = _calls.Current;
        var pending = _connection.InvokeAsync(WasmboxMethods.HostCall, call, timeout: null, token);
        // If the wait below gives up first, the abandoned task's failure is expected: observe it.
        _ = pending.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            return _executor.WaitPumping(pending, token);
        }
        catch (RemoteRpcException e)
        {
            throw new HostCallFailedException(e.Message, e);
        }
        catch (ConnectionLostException e)
        {
            throw new HostCallFailedException("the client went away during a host call", e);
        }
    }

    public void Dispose()
    {
        foreach (var function in _functions) function.Dispose();
    }
}
