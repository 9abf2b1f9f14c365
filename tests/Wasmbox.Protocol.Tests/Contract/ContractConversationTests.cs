using System.Text;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Tests.Support;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Protocol.Tests.Contract;

/// <summary>
/// A stand-in daemon and a client using the contract as the real ones will: an invoke that calls a
/// host function on the client and writes output before returning, values typed by signature.
/// </summary>
public class ContractConversationTests
{
    [Fact]
    public async Task AnInvokeCallsBackIntoTheClientAndStreamsOutputBeforeItsResult()
    {
        await using var pair = new ConnectedPair();
        JsonRpcConnection daemon = pair.Server, client = pair.Client;

        daemon.AddRequestHandler(WasmboxMethods.InstanceInvoke, async (p, cancellationToken) =>
        {
            // The export is (i64, f64) -> (i64, f64); it asks the host to double the i64 first.
            WireValue[] args = WireValueJson.FromJson(p.Args, [WireValueType.I64, WireValueType.F64]);
            HostCallResult host = await daemon.InvokeAsync(WasmboxMethods.HostCall,
                new HostCallParams { InstanceId = p.InstanceId, Module = "env", Name = "double", Args = WireValueJson.ToJson([args[0]]) },
                cancellationToken);
            WireValue doubled = WireValueJson.FromJson(host.Results, [WireValueType.I64], "results")[0];
            await daemon.NotifyAsync(WasmboxMethods.InstanceOutput,
                new OutputParams { InstanceId = p.InstanceId, Stream = OutputStream.Stdout, Bytes = Encoding.UTF8.GetBytes("working\n") });
            return new InvokeResult { Results = WireValueJson.ToJson([doubled, args[1]]) };
        });

        var output = new StringBuilder();
        client.AddNotificationHandler(WasmboxMethods.InstanceOutput, o => output.Append(Encoding.UTF8.GetString(o.Bytes)));
        client.AddRequestHandler(WasmboxMethods.HostCall, (call, _) =>
        {
            long value = WireValueJson.FromJson(call.Args, [WireValueType.I64])[0].AsI64();
            return ValueTask.FromResult(new HostCallResult { Results = WireValueJson.ToJson([WireValue.I64(value * 2)]) });
        });
        pair.Start();

        var nanWithPayload = WireValue.F64FromBits(0xFFF8_0000_DEAD_BEEF);
        InvokeResult result = await client.InvokeAsync(WasmboxMethods.InstanceInvoke, new InvokeParams
        {
            InstanceId = "i1",
            Export = "run",
            Args = WireValueJson.ToJson([WireValue.I64(1L << 61), nanWithPayload]),
        });

        Assert.Equal("working\n", output.ToString());
        WireValue[] results = WireValueJson.FromJson(result.Results!, [WireValueType.I64, WireValueType.F64], "results");
        Assert.Equal(1L << 62, results[0].AsI64());
        Assert.Equal(nanWithPayload, results[1]);
        Assert.Null(result.ExitCode);
    }

    [Fact]
    public async Task TheDaemonsTypedErrorsReachTheClient()
    {
        await using var pair = new ConnectedPair();
        pair.Server.AddRequestHandler(WasmboxMethods.InstanceInvoke, (_, _) =>
            throw WasmboxErrors.Trap("unreachable executed", "unreachable", ["f (func 0) +0x1"]));
        pair.Server.AddRequestHandler(WasmboxMethods.GlobalSet, (p, _) =>
        {
            WireValueDecoder.Read(p.Value, WireValueType.I32);
            return ValueTask.FromResult(NoResult.Value);
        });
        pair.Start();

        RemoteRpcException trap = await Assert.ThrowsAsync<RemoteRpcException>(() =>
            pair.Client.InvokeAsync(WasmboxMethods.InstanceInvoke, new InvokeParams { InstanceId = "i1", Export = "f" }));
        WasmboxErrorData? data = WasmboxErrors.GetData(trap);
        Assert.Equal(WasmboxErrorTypes.Trap, data?.Type);
        Assert.Equal("unreachable", data?.TrapKind);
        Assert.Equal(["f (func 0) +0x1"], data!.WasmStack!);

        RemoteRpcException invalid = await Assert.ThrowsAsync<RemoteRpcException>(() =>
            pair.Client.InvokeAsync(WasmboxMethods.GlobalSet, new GlobalSetParams { InstanceId = "i1", Name = "g", Value = WireValueJson.ToJson(WireValue.F32(1.5f)) }));
        Assert.Equal(JsonRpcErrorCodes.InvalidParams, invalid.Code);
        Assert.Null(WasmboxErrors.GetData(invalid));

        await pair.Client.InvokeAsync(WasmboxMethods.GlobalSet, new GlobalSetParams { InstanceId = "i1", Name = "g", Value = WireValueJson.ToJson(WireValue.I32(-5)) });
    }
}
