using System.Collections.Concurrent;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Client.HostFunctions;

/// <summary>A host function the client implements: its signature and the delegate that runs it.</summary>
internal sealed record HostFunctionDefinition(
    WireValueType[] Parameters,
    WireValueType[] Results,
    Func<WireValue[], CancellationToken, ValueTask<WireValue[]>> Implementation);

/// <summary>
/// The client's host functions by import module and name, and the <c>host/call</c> handler that
/// runs them. One table for the whole connection: a start function may call a host function before
/// the instance/create response (and so the instance's id) has arrived.
/// </summary>
internal sealed class HostFunctionTable
{
    private readonly ConcurrentDictionary<(string Module, string Name), HostFunctionDefinition> _functions = new();

    public void Define(string module, string name, HostFunctionDefinition definition) => _functions[(module, name)] = definition;

    public bool Contains(string module, string name) => _functions.ContainsKey((module, name));

    public IEnumerable<HostFunctionRef> All => _functions.Keys.Select(k => new HostFunctionRef { Module = k.Module, Name = k.Name });

    /// <summary>Serves a <c>host/call</c>: arguments decoded by the declared types, results encoded the same way.</summary>
    public async ValueTask<HostCallResult> HandleAsync(HostCallParams call, CancellationToken cancellationToken)
    {
        if (!_functions.TryGetValue((call.Module, call.Name), out var function))
            throw new JsonRpcException(JsonRpcErrorCodes.MethodNotFound, $"this client defines no host function {call.Module}.{call.Name}");
        var args = WireValueJson.FromJson(call.Args, function.Parameters);
        var results = await function.Implementation(args, cancellationToken).ConfigureAwait(false);
        if (results.Length != function.Results.Length || results.Where((r, i) => r.Type != function.Results[i]).Any())
            throw new InvalidOperationException($"{call.Module}.{call.Name} returned [{string.Join(", ", results.Select(r => r.Type.ToWireName()))}], not its declared results");
        return new HostCallResult { Results = WireValueJson.ToJson(results) };
    }
}
