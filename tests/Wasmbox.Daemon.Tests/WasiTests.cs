using System.Text;
using Wasmbox.Client;
using Wasmbox.Daemon.Tests.Support;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Daemon.Tests;

/// <summary>WASI instances in the daemon: output notifications, stdin given whole or streamed, proc_exit, mixed imports.</summary>
public sealed class WasiTests : IAsyncLifetime
{
    private readonly WasiDaemon _daemon = new();

    public Task InitializeAsync() => _daemon.InitializeAsync();

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [Fact]
    public async Task TheDaemonAdvertisesWasi()
    {
        await using var client = await _daemon.ConnectAsync();
        Assert.Contains(WasmboxFeatures.Wasi, (await client.GetEngineInfoAsync()).Features);
    }

    [Fact]
    public async Task OutputArrivesInOrderBeforeTheResponse()
    {
        await using var client = await _daemon.ConnectAsync();
        var output = Record(client);
        var instance = await CreateAsync(client, WasiModules.Io, new WasiOptions());

        await client.InvokeAsync(instance, "hello", []);

        Assert.Equal(["stdout:out1", "stderr:err1", "stdout:out2"], output.Select(o => $"{o.Stream.ToString().ToLowerInvariant()}:{Encoding.UTF8.GetString(o.Bytes)}"));
        Assert.All(output, o => Assert.Equal(instance, o.InstanceId));
    }

    [Fact]
    public async Task StdinGivenWholeIsReadToItsEnd()
    {
        await using var client = await _daemon.ConnectAsync();
        var output = Record(client);
        var instance = await CreateAsync(client, WasiModules.Io, new WasiOptions { Stdin = "all of stdin\n"u8.ToArray() });

        await client.InvokeAsync(instance, "echo", []);

        Assert.Equal("all of stdin\n", Stdout(output));
    }

    [Fact]
    public async Task StreamedStdinIsReadAsWrittenAndEndsAtTheClose()
    {
        await using var client = await _daemon.ConnectAsync();
        var output = Record(client);
        var instance = await CreateAsync(client, WasiModules.Io, new WasiOptions { StreamStdin = true });
        // More than the daemon buffers, so the writes wait for the guest to read.
        var large = Enumerable.Range(0, 3 << 20).Select(i => (byte)('a' + i % 26)).ToArray();

        var running = client.InvokeAsync(instance, "echo", []);
        await client.WriteStdinAsync(instance, "first,"u8.ToArray());
        await client.WriteStdinAsync(instance, large);
        await client.WriteStdinAsync(instance, ",last"u8.ToArray(), close: true);
        await running;

        Assert.Equal("first," + Encoding.ASCII.GetString(large) + ",last", Stdout(output));
    }

    [Fact]
    public async Task StdinCannotBeWrittenAfterItsCloseOrWithoutStreaming()
    {
        await using var client = await _daemon.ConnectAsync();
        var streamed = await CreateAsync(client, WasiModules.Io, new WasiOptions { StreamStdin = true });
        var whole = await CreateAsync(client, WasiModules.Io, new WasiOptions());

        await client.CloseStdinAsync(streamed);

        Assert.Equal(WasmboxErrorTypes.InvalidOperation, ErrorType(await Assert.ThrowsAsync<RemoteRpcException>(() => client.WriteStdinAsync(streamed, "x"u8.ToArray()))));
        Assert.Equal(WasmboxErrorTypes.InvalidOperation, ErrorType(await Assert.ThrowsAsync<RemoteRpcException>(() => client.WriteStdinAsync(whole, "x"u8.ToArray()))));
        Assert.Equal(WasmboxErrorTypes.NotFound, ErrorType(await Assert.ThrowsAsync<RemoteRpcException>(() => client.WriteStdinAsync("i999", "x"u8.ToArray()))));
    }

    [Fact]
    public async Task ProcExitEndsTheCallWithItsExitCode()
    {
        await using var client = await _daemon.ConnectAsync();
        var instance = await CreateAsync(client, WasiModules.Io, new WasiOptions());

        Assert.Equal(7, await client.RunCommandAsync(instance));
        // The instance stays usable after proc_exit, as after a trap.
        await client.InvokeAsync(instance, "hello", []);
    }

    [Fact]
    public async Task ATrapIsAnErrorWithTheDaemonsDataAfterTheOutputBeforeIt()
    {
        await using var client = await _daemon.ConnectAsync();
        var output = Record(client);
        var instance = await CreateAsync(client, WasiModules.Io, new WasiOptions());

        var failure = await Assert.ThrowsAsync<RemoteRpcException>(() => client.RunCommandAsync(instance, "trap"));

        var data = WasmboxErrors.GetData(failure);
        Assert.Equal(WasmboxErrorTypes.Trap, data?.Type);
        Assert.Equal("unreachable", data?.TrapKind);
        Assert.NotEmpty(data?.WasmStack ?? []);
        Assert.Equal("out1", Stdout(output));
    }

    [Fact]
    public async Task AGuestWaitingForStdinStopsAtItsDeadline()
    {
        await using var client = await _daemon.ConnectAsync();
        var instance = await CreateAsync(client, WasiModules.Io, new WasiOptions { StreamStdin = true });

        var failure = await Assert.ThrowsAsync<RemoteRpcException>(() => client.InvokeAsync(instance, "echo", [], TimeSpan.FromMilliseconds(200)));

        Assert.Equal(WasmboxErrorTypes.DeadlineExceeded, ErrorType(failure));
    }

    [Fact]
    public async Task AGuestWaitingForStdinIsStoppedByCancellation()
    {
        await using var client = await _daemon.ConnectAsync();
        var output = Record(client);
        var instance = await CreateAsync(client, WasiModules.Io, new WasiOptions { StreamStdin = true });
        using var cancel = new CancellationTokenSource();

        var waiting = client.InvokeAsync(instance, "echo", [], cancellationToken: cancel.Token);
        cancel.CancelAfter(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // The session's one executor is free again: the waiting guest was stopped, not left blocked.
        await client.InvokeAsync(instance, "hello", [], TimeSpan.FromSeconds(20));
        Assert.Equal("out1out2", Stdout(output));
    }

    [Fact]
    public async Task AModuleMayImportFromWasiAndFromTheClient()
    {
        await using var client = await _daemon.ConnectAsync();
        var output = Record(client);
        client.DefineFunction("env", "twice", [WireValueType.I32], [WireValueType.I32], args => [WireValue.I32(args[0].AsI32() * 2)]);
        var instance = await CreateAsync(client, WasiModules.Mixed, new WasiOptions());

        var results = await client.InvokeAsync(instance, "mixed", []);

        Assert.Equal(42, Assert.Single(results).AsI32());
        Assert.Equal("m", Stdout(output));
    }

    [Fact]
    public async Task WithoutWasiTheWasiImportsAreUnsatisfied()
    {
        await using var client = await _daemon.ConnectAsync();
        var module = await client.CompileAsync(WasiModules.Io);

        var failure = await Assert.ThrowsAsync<RemoteRpcException>(() => client.CreateInstanceAsync(module.ModuleId));

        Assert.Equal(WasmboxErrorTypes.LinkError, ErrorType(failure));
    }

    [Fact]
    public async Task StdinEndsWhenTheClientStopsSending()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(_daemon.SocketPath));
        await using var stream = new System.Net.Sockets.NetworkStream(socket);
        var module = Convert.ToBase64String(WasiModules.Io);
        // Newline-delimited JSON on a raw socket, one request at a time (create needs compile's m1),
        // so the test can half-close the socket as a shell script would.
        var reader = new StreamReader(stream);
        async Task<string> Send(string json, string id)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"));
            string? line;
            while ((line = await reader.ReadLineAsync()) is not null)
            {
                if (line.Contains($"\"id\":{id},", StringComparison.Ordinal)) return line;
            }
            return "(connection closed)";
        }

        Assert.Contains("\"m1\"", await Send($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"module/compile\",\"params\":{{\"bytes\":\"{module}\"}}}}", "1"));
        Assert.Contains("\"i1\"", await Send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"instance/create\",\"params\":{\"moduleId\":\"m1\",\"wasi\":{\"streamStdin\":true}}}", "2"));
        await stream.WriteAsync("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"instance/invoke\",\"params\":{\"instanceId\":\"i1\",\"export\":\"echo\"}}\n"u8.ToArray());
        socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        // The guest's read sees end-of-file, echo returns, and the answer still comes.
        string? answer;
        while ((answer = await reader.ReadLineAsync()) is not null && !answer.Contains("\"id\":3,", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(answer);
        Assert.Contains("\"result\":{\"results\":[]}", answer);
    }

    private static async Task<string> CreateAsync(WasmboxClient client, byte[] wasm, WasiOptions wasi)
    {
        var module = await client.CompileAsync(wasm);
        return (await client.CreateWasiInstanceAsync(module.ModuleId, wasi)).InstanceId;
    }

    /// <summary>Every output notification, in arrival order (raised one at a time on the reading loop).</summary>
    private static List<OutputParams> Record(WasmboxClient client)
    {
        var output = new List<OutputParams>();
        client.Output += o =>
        {
            lock (output) output.Add(o);
        };
        return output;
    }

    private static string Stdout(List<OutputParams> output)
    {
        lock (output) return Encoding.ASCII.GetString([.. output.Where(o => o.Stream == OutputStream.Stdout).SelectMany(o => o.Bytes)]);
    }

    private static string? ErrorType(RemoteRpcException e) => WasmboxErrors.GetData(e)?.Type;
}
