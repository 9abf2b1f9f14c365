using Wasmbox.Daemon.Tests.Support;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Daemon.Tests;

/// <summary>Compile, instantiate, invoke, host calls and traps through a real daemon and the client library.</summary>
public sealed class CallTests : IAsyncLifetime
{
    private readonly RunningDaemon _daemon = new();

    public Task InitializeAsync() => _daemon.InitializeAsync();

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [Fact]
    public async Task AnExportAddsTwoNumbers()
    {
        await using var client = await _daemon.ConnectAsync();
        var module = await client.CompileAsync(TestModules.Arithmetic);
        Assert.Equal([WireValueType.I32, WireValueType.I32], module.Exports.Single(e => e.Name == "add").Type.Params);
        var instance = await client.CreateInstanceAsync(module.ModuleId);

        var results = await client.InvokeAsync(instance.InstanceId, "add", [WireValue.I32(2), WireValue.I32(40)]);

        Assert.Equal(42, Assert.Single(results).AsI32());
    }

    [Fact]
    public async Task EngineInfoNamesTheProtocol()
    {
        await using var client = await _daemon.ConnectAsync();
        var info = await client.GetEngineInfoAsync();
        Assert.Equal("wasmbox", info.Name);
        Assert.Equal(WasmboxProtocol.Version, info.ProtocolVersion);
    }

    [Fact]
    public async Task AHostFunctionIsServedByTheClient()
    {
        await using var client = await _daemon.ConnectAsync();
        client.DefineFunction("env", "twice", [WireValueType.I32], [WireValueType.I32], args => [WireValue.I32(args[0].AsI32() * 2)]);
        client.DefineFunction("env", "peek", [WireValueType.I32, WireValueType.I32], [WireValueType.I32], args => throw new InvalidOperationException("not used"));
        var module = await client.CompileAsync(TestModules.HostCalls);
        var instance = await client.CreateInstanceAsync(module.ModuleId);

        var results = await client.InvokeAsync(instance.InstanceId, "run", [WireValue.I32(20)]);

        Assert.Equal(41, Assert.Single(results).AsI32());
    }

    [Fact]
    public async Task AHostFunctionReadsGuestMemoryWhileTheGuestWaits()
    {
        await using var client = await _daemon.ConnectAsync();
        string? instanceId = null;
        client.DefineFunction("env", "twice", [WireValueType.I32], [WireValueType.I32], args => args);
        client.DefineFunction("env", "peek", [WireValueType.I32, WireValueType.I32], [WireValueType.I32], async (args, cancellationToken) =>
        {
            var bytes = await client.ReadMemoryAsync(instanceId!, args[0].AsI32(), args[1].AsI32(), cancellationToken: cancellationToken);
            return [WireValue.I32(bytes.Sum(b => b))];
        });
        var module = await client.CompileAsync(TestModules.HostCalls);
        instanceId = (await client.CreateInstanceAsync(module.ModuleId)).InstanceId;

        var results = await client.InvokeAsync(instanceId, "peek", [WireValue.I32(0), WireValue.I32(5)]);

        Assert.Equal("hello"u8.ToArray().Sum(b => b), Assert.Single(results).AsI32());
    }

    [Fact]
    public async Task AHostFunctionErrorTrapsTheGuestWithTheClientsMessage()
    {
        await using var client = await _daemon.ConnectAsync();
        client.DefineFunction("env", "twice", [WireValueType.I32], [WireValueType.I32], args => throw new InvalidOperationException("no doubling today"));
        client.DefineFunction("env", "peek", [WireValueType.I32, WireValueType.I32], [WireValueType.I32], args => args[..1]);
        var module = await client.CompileAsync(TestModules.HostCalls);
        var instance = await client.CreateInstanceAsync(module.ModuleId);

        var error = await Assert.ThrowsAsync<RemoteRpcException>(() => client.InvokeAsync(instance.InstanceId, "run", [WireValue.I32(1)]));

        var data = WasmboxErrors.GetData(error)!;
        Assert.Equal(WasmboxErrorTypes.HostError, data.Type);
        Assert.Contains("no doubling today", data.Message, StringComparison.Ordinal);
        Assert.NotEmpty(data.WasmStack!);
    }

    [Fact]
    public async Task AHostFunctionThatNeverAnswersEndsAtTheDeadline()
    {
        await using var client = await _daemon.ConnectAsync();
        client.DefineFunction("env", "twice", [WireValueType.I32], [WireValueType.I32], async (args, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return args;
        });
        client.DefineFunction("env", "peek", [WireValueType.I32, WireValueType.I32], [WireValueType.I32], args => args[..1]);
        var module = await client.CompileAsync(TestModules.HostCalls);
        var instance = await client.CreateInstanceAsync(module.ModuleId);

        var error = await Assert.ThrowsAsync<RemoteRpcException>(() => client.InvokeAsync(instance.InstanceId, "run", [WireValue.I32(1)], TimeSpan.FromMilliseconds(300)));

        Assert.Equal(WasmboxErrorTypes.DeadlineExceeded, WasmboxErrors.GetData(error)!.Type);
        Assert.Equal(43, (await client.InvokeAsync(instance.InstanceId, "peek", [WireValue.I32(43), WireValue.I32(0)]))[0].AsI32());
    }

    [Fact]
    public async Task ATrapComesBackWithItsKindAndStack()
    {
        await using var client = await _daemon.ConnectAsync();
        var module = await client.CompileAsync(TestModules.Arithmetic);
        var instance = await client.CreateInstanceAsync(module.ModuleId);

        var error = await Assert.ThrowsAsync<RemoteRpcException>(() => client.InvokeAsync(instance.InstanceId, "div", [WireValue.I32(1), WireValue.I32(0)]));

        Assert.Equal(JsonRpcErrorCodes.ApplicationError, error.Code);
        var data = WasmboxErrors.GetData(error)!;
        Assert.Equal(WasmboxErrorTypes.Trap, data.Type);
        Assert.Equal("integer divide by zero", data.TrapKind);
        Assert.NotEmpty(data.WasmStack!);
    }

    [Fact]
    public async Task AnInfiniteLoopEndsAtItsDeadlineAndTheSessionGoesOn()
    {
        await using var client = await _daemon.ConnectAsync();
        var module = await client.CompileAsync(TestModules.Arithmetic);
        var instance = await client.CreateInstanceAsync(module.ModuleId);

        var error = await Assert.ThrowsAsync<RemoteRpcException>(() => client.InvokeAsync(instance.InstanceId, "spin", [], TimeSpan.FromMilliseconds(200)));

        Assert.Equal(WasmboxErrorTypes.DeadlineExceeded, WasmboxErrors.GetData(error)!.Type);
        Assert.Equal(3, (await client.InvokeAsync(instance.InstanceId, "add", [WireValue.I32(1), WireValue.I32(2)]))[0].AsI32());
    }

    [Fact]
    public async Task AnImportNobodyServesIsALinkErrorNamingIt()
    {
        await using var client = await _daemon.ConnectAsync();
        var module = await client.CompileAsync(TestModules.HostCalls);

        var error = await Assert.ThrowsAsync<RemoteRpcException>(() => client.CreateInstanceAsync(module.ModuleId));

        var data = WasmboxErrors.GetData(error)!;
        Assert.Equal(WasmboxErrorTypes.LinkError, data.Type);
        Assert.Contains("env.twice", data.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemoryAndGlobalsCanBeReadAndWritten()
    {
        await using var client = await _daemon.ConnectAsync();
        client.DefineFunction("env", "twice", [WireValueType.I32], [WireValueType.I32], args => args);
        client.DefineFunction("env", "peek", [WireValueType.I32, WireValueType.I32], [WireValueType.I32], args => args[..1]);
        var module = await client.CompileAsync(TestModules.HostCalls);
        var instance = await client.CreateInstanceAsync(module.ModuleId);

        await client.WriteMemoryAsync(instance.InstanceId, 100, "world"u8.ToArray());
        Assert.Equal("world"u8.ToArray(), await client.ReadMemoryAsync(instance.InstanceId, 100, 5));
        var outside = await Assert.ThrowsAsync<RemoteRpcException>(() => client.ReadMemoryAsync(instance.InstanceId, 65534, 5));
        Assert.Equal(WasmboxErrorTypes.OutOfBounds, WasmboxErrors.GetData(outside)!.Type);
    }
}
