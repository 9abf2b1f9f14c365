using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Wasmbox.Client;
using Wasmbox.Daemon.Hosting;
using Wasmbox.Daemon.Tests.Support;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Daemon.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LimitTestsCollection
{
    /// <summary>Alone, so the executor threads these tests look for are their own sessions'.</summary>
    public const string Name = "daemon limits";
}

/// <summary>
/// What bounds a hostile guest: memory growth per instance and per session, the start function's
/// deadline, and cancellation, instance disposal and session end stopping a guest that loops.
/// </summary>
/// <remarks>
/// Loops run with deadlines of minutes and the tests wait at most <see cref="Promptly"/> for them to
/// stop: a guest that were only stopped by its deadline would fail the test, not slow it.
/// </remarks>
[Collection(LimitTestsCollection.Name)]
public sealed class LimitTests : IAsyncLifetime
{
    private const long SessionPages = 100;
    private static readonly TimeSpan LongDeadline = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(30);

    private readonly string _folder = Directory.CreateTempSubdirectory("wasmbox-limits-").FullName;
    private IHost? _host;

    private string SocketPath => Path.Combine(_folder, "d.sock");

    public async Task InitializeAsync()
    {
        _host = DaemonHost.Build([], SocketPath, options =>
        {
            options.MaxSessionMemoryPages = SessionPages;
            options.DrainTimeout = TimeSpan.FromSeconds(2);
        });
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        Directory.Delete(_folder, recursive: true);
    }

    private Task<WasmboxClient> ConnectAsync() => WasmboxClient.ConnectAsync(SocketPath);

    private static async Task<string> InstantiateAsync(WasmboxClient client, byte[] module, InstanceLimits? limits = null)
    {
        var compiled = await client.CompileAsync(module);
        return (await client.CreateInstanceAsync(compiled.ModuleId, limits)).InstanceId;
    }

    private static async Task<int> CallAsync(WasmboxClient client, string instance, string export, params int[] args) =>
        (await client.InvokeAsync(instance, export, [.. args.Select(WireValue.I32)]).WaitAsync(Promptly))[0].AsI32();

    private static WasmboxErrorData ErrorOf(RemoteRpcException error) => WasmboxErrors.GetData(error)!;

    [Fact]
    public async Task AMemoryBombStopsAtTheInstancesPageLimit()
    {
        await using var client = await ConnectAsync();
        var bomb = await InstantiateAsync(client, TestModules.MemoryBomb(1), new InstanceLimits { MaxMemoryPages = 64 });

        Assert.Equal(64, await CallAsync(client, bomb, "bomb"));
        Assert.Equal(-1, await CallAsync(client, bomb, "grow", 1));
    }

    [Fact]
    public async Task AMemoryBombStopsAtTheSessionTotalWhileAnotherSessionKeepsWorking()
    {
        await using var hostile = await ConnectAsync();
        var bomb = await InstantiateAsync(hostile, TestModules.MemoryBomb(1));
        var bombing = CallAsync(hostile, bomb, "bomb");

        await using var other = await ConnectAsync();
        var calm = await InstantiateAsync(other, TestModules.MemoryBomb(1), new InstanceLimits { MaxMemoryPages = 10 });
        Assert.Equal(10, await CallAsync(other, calm, "bomb"));

        Assert.Equal((int)SessionPages, await bombing);
    }

    [Fact]
    public async Task AMemoryThatStartsOverTheLimitIsRefused()
    {
        await using var client = await ConnectAsync();
        var module = await client.CompileAsync(TestModules.MemoryBomb(20));

        var overInstanceLimit = await Assert.ThrowsAsync<RemoteRpcException>(() => client.CreateInstanceAsync(module.ModuleId, new InstanceLimits { MaxMemoryPages = 10 }));
        Assert.Equal(WasmboxErrorTypes.LimitExceeded, ErrorOf(overInstanceLimit).Type);
        Assert.Contains("20 pages", overInstanceLimit.Message, StringComparison.Ordinal);

        var huge = await client.CompileAsync(TestModules.MemoryBomb((uint)SessionPages + 1));
        var overSessionTotal = await Assert.ThrowsAsync<RemoteRpcException>(() => client.CreateInstanceAsync(huge.ModuleId));
        Assert.Equal(WasmboxErrorTypes.LimitExceeded, ErrorOf(overSessionTotal).Type);

        // Nothing of the refused memories stays counted.
        Assert.Equal((int)SessionPages, await CallAsync(client, await InstantiateAsync(client, TestModules.MemoryBomb(1)), "bomb"));
    }

    [Fact]
    public async Task TheSessionTotalCountsEveryInstanceAndDisposalGivesPagesBack()
    {
        await using var client = await ConnectAsync();
        var first = await InstantiateAsync(client, TestModules.MemoryBomb(60));
        var second = await InstantiateAsync(client, TestModules.MemoryBomb(30));
        var module = await client.CompileAsync(TestModules.MemoryBomb(20));

        Assert.Equal(-1, await CallAsync(client, second, "grow", 20));
        var refused = await Assert.ThrowsAsync<RemoteRpcException>(() => client.CreateInstanceAsync(module.ModuleId));
        Assert.Equal(WasmboxErrorTypes.LimitExceeded, ErrorOf(refused).Type);

        await client.DisposeInstanceAsync(first);

        Assert.Equal(30, await CallAsync(client, second, "grow", 20));
        var third = (await client.CreateInstanceAsync(module.ModuleId)).InstanceId;
        Assert.Equal(-1, await CallAsync(client, third, "grow", 31));
        Assert.Equal(20, await CallAsync(client, third, "grow", 30));
    }

    [Fact]
    public async Task AStartFunctionThatLoopsEndsWithDeadlineExceeded()
    {
        await using var client = await ConnectAsync();
        var module = await client.CompileAsync(TestModules.SpinningStart);

        var error = await Assert.ThrowsAsync<RemoteRpcException>(() => client.CreateInstanceAsync(module.ModuleId, new InstanceLimits { DeadlineMs = 200 }));

        Assert.Equal(WasmboxErrorTypes.DeadlineExceeded, ErrorOf(error).Type);
    }

    [Fact]
    public async Task CancellingAStartFunctionThatLoopsStopsIt()
    {
        await using var client = await ConnectAsync();
        var module = await client.CompileAsync(TestModules.SpinningStart);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CreateInstanceAsync(module.ModuleId, new InstanceLimits { DeadlineMs = (long)LongDeadline.TotalMilliseconds }, cancel.Token));

        var adder = await InstantiateAsync(client, TestModules.Arithmetic);
        Assert.Equal(3, await CallAsync(client, adder, "add", 1, 2));
    }

    [Fact]
    public async Task CancellingAnInvokeStopsTheLoopAndTheInstanceStaysUsable()
    {
        await using var client = await ConnectAsync();
        var instance = await InstantiateAsync(client, TestModules.Arithmetic);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.InvokeAsync(instance, "spin", [], LongDeadline, cancel.Token));

        Assert.Equal(3, await CallAsync(client, instance, "add", 1, 2));
    }

    [Fact]
    public async Task ACancelledInvokeIsAnsweredRequestCancelled()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream);
        await using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
        using var timeout = new CancellationTokenSource(Promptly);

        async Task<JsonElement> Answer()
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            return JsonDocument.Parse(line).RootElement;
        }

        await writer.WriteLineAsync($$$"""{"jsonrpc":"2.0","id":1,"method":"module/compile","params":{"bytes":"{{{Convert.ToBase64String(TestModules.Arithmetic)}}}"}}""");
        var moduleId = (await Answer()).GetProperty("result").GetProperty("moduleId").GetString();
        await writer.WriteLineAsync($$$"""{"jsonrpc":"2.0","id":2,"method":"instance/create","params":{"moduleId":"{{{moduleId}}}"}}""");
        var instanceId = (await Answer()).GetProperty("result").GetProperty("instanceId").GetString();
        await writer.WriteLineAsync($$$"""{"jsonrpc":"2.0","id":3,"method":"instance/invoke","params":{"instanceId":"{{{instanceId}}}","export":"spin","args":[],"deadlineMs":300000}}""");
        await Task.Delay(200);
        await writer.WriteLineAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}""");

        var cancelled = await Answer();
        Assert.Equal(3, cancelled.GetProperty("id").GetInt32());
        Assert.Equal(JsonRpcErrorCodes.RequestCancelled, cancelled.GetProperty("error").GetProperty("code").GetInt32());

        await writer.WriteLineAsync($$$"""{"jsonrpc":"2.0","id":4,"method":"instance/invoke","params":{"instanceId":"{{{instanceId}}}","export":"add","args":[1,2]}}""");
        Assert.Equal(3, (await Answer()).GetProperty("result").GetProperty("results")[0].GetInt32());
    }

    [Fact]
    public async Task ADeadlineStopsACallNestedInItsHostCallAndBothSayDeadlineExceeded()
    {
        await using var client = await ConnectAsync();
        var spinner = await InstantiateAsync(client, TestModules.Arithmetic);
        var nested = new TaskCompletionSource<RemoteRpcException>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DefineFunction("env", "twice", [WireValueType.I32], [WireValueType.I32], async (args, cancellationToken) =>
        {
            // Runs on the daemon's executor inside the outer call's host call, so only the outer
            // call's deadline can stop it before its own five minutes.
            try
            {
                await client.InvokeAsync(spinner, "spin", [], LongDeadline);
                nested.SetException(new InvalidOperationException("the nested loop returned"));
            }
            catch (RemoteRpcException e)
            {
                nested.SetResult(e);
            }

            return args;
        });
        client.DefineFunction("env", "peek", [WireValueType.I32, WireValueType.I32], [WireValueType.I32], args => args[..1]);
        var caller = await InstantiateAsync(client, TestModules.HostCalls);

        var outer = await Assert.ThrowsAsync<RemoteRpcException>(() => client.InvokeAsync(caller, "run", [WireValue.I32(1)], TimeSpan.FromMilliseconds(300)).WaitAsync(Promptly));

        Assert.Equal(WasmboxErrorTypes.DeadlineExceeded, ErrorOf(outer).Type);
        Assert.Equal(WasmboxErrorTypes.DeadlineExceeded, ErrorOf(await nested.Task.WaitAsync(Promptly)).Type);
        Assert.Equal(3, await CallAsync(client, spinner, "add", 1, 2));
    }

    [Fact]
    public async Task DisposingAnInstanceStopsItsRunningCall()
    {
        await using var client = await ConnectAsync();
        var instance = await InstantiateAsync(client, TestModules.Arithmetic);
        var looping = client.InvokeAsync(instance, "spin", [], LongDeadline);
        await Task.Delay(200);

        await client.DisposeInstanceAsync(instance).WaitAsync(Promptly);

        var error = await Assert.ThrowsAsync<RemoteRpcException>(() => looping.WaitAsync(Promptly));
        Assert.Equal(WasmboxErrorTypes.Cancelled, ErrorOf(error).Type);
        var adder = await InstantiateAsync(client, TestModules.Arithmetic);
        Assert.Equal(3, await CallAsync(client, adder, "add", 1, 2));
    }

    [Fact]
    public async Task ClosingASessionMidLoopEndsItsExecutor()
    {
        var before = ExecutorThreads();
        var leaving = await ConnectAsync();
        var instance = await InstantiateAsync(leaving, TestModules.Arithmetic);
        var looping = leaving.InvokeAsync(instance, "spin", [], LongDeadline);
        await Task.Delay(200);
        var executor = Assert.Single(ExecutorThreads().Except(before));

        await leaving.DisposeAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => looping);

        using var timeout = new CancellationTokenSource(Promptly);
        while (ExecutorThreads().Contains(executor)) await Task.Delay(50, timeout.Token);
    }

    /// <summary>The native ids of the daemon's executor threads ("wasm session N") in this process.</summary>
    private static HashSet<int> ExecutorThreads()
    {
        var threads = new HashSet<int>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith("wasm session", StringComparison.Ordinal))
                    threads.Add(int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        return threads;
    }
}
