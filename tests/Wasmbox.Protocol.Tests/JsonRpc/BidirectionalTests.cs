using System.Text.Json;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Tests.Support;

namespace Wasmbox.Protocol.Tests.JsonRpc;

/// <summary>Two connections talking: typed calls both ways, callbacks, cancellation, timeouts, and a peer that vanishes.</summary>
public class BidirectionalTests
{
    private static readonly RpcMethod<TextParams, string> Ask =
        new("client/ask", TestJsonContext.Default.TextParams, TestJsonContext.Default.String, "text");

    private static readonly RpcMethod<TextParams, string> AskBack =
        new("server/askBack", TestJsonContext.Default.TextParams, TestJsonContext.Default.String, "text");

    [Fact]
    public async Task TypedCallsReturnTypedResults()
    {
        await using var pair = new ConnectedPair();
        TestMethods.Serve(pair.Server);
        pair.Start();

        SumResult sum = await pair.Client.InvokeAsync(TestMethods.Add, new AddParams { A = 20, B = 22 });
        Assert.Equal(42, sum.Sum);
        Assert.Equal("ab", await pair.Client.InvokeAsync(TestMethods.Echo, new TextParams { Text = "a", Suffix = "b" }));
        JsonElement raw = await pair.Client.InvokeAsync(TestMethods.Raw, JsonElement.Parse("[1,{\"x\":null}]"));
        Assert.Equal("[1,{\"x\":null}]", raw.GetRawText());
    }

    [Fact]
    public async Task RequestsFlowBothWaysConcurrentlyWithCallbacksInsideRequests()
    {
        await using var pair = new ConnectedPair();
        TestMethods.Serve(pair.Server);
        TestMethods.Serve(pair.Client);

        // The server answers askBack by asking the client, as the daemon's host/call does mid-invoke.
        pair.Server.AddRequestHandler(AskBack, async (p, cancellationToken) =>
            await pair.Server.InvokeAsync(Ask, new TextParams { Text = p.Text + ">server" }, cancellationToken));
        pair.Client.AddRequestHandler(Ask, async (p, _) =>
        {
            await Task.Yield();
            return p.Text + ">client";
        });
        pair.Start();

        var work = new List<Task>();
        for (int i = 0; i < 200; i++)
        {
            int n = i;
            work.Add(Task.Run(async () =>
                Assert.Equal($"{n}>server>client", await pair.Client.InvokeAsync(AskBack, new TextParams { Text = $"{n}" }))));
            work.Add(Task.Run(async () =>
                Assert.Equal(2 * n, (await pair.Server.InvokeAsync(TestMethods.Add, new AddParams { A = n, B = n })).Sum)));
            work.Add(Task.Run(async () =>
                Assert.Equal(3 * n, (await pair.Client.InvokeAsync(TestMethods.Add, new AddParams { A = n, B = 2 * n })).Sum)));
        }
        await Task.WhenAll(work).WaitAsync(TestTimeouts.Default);
    }

    [Fact]
    public async Task LargeMessagesFromManyWritersNeverInterleave()
    {
        await using var pair = new ConnectedPair();
        TestMethods.Serve(pair.Server);
        pair.Start();

        string[] texts = Enumerable.Range(0, 32).Select(i => new string((char)('a' + (i % 26)), 200_000 + i)).ToArray();
        string[] echoes = await Task.WhenAll(texts.Select(text => pair.Client.InvokeAsync(TestMethods.Echo, new TextParams { Text = text })))
            .WaitAsync(TestTimeouts.Default);
        Assert.Equal(texts, echoes);
    }

    [Fact]
    public async Task CancellingACallSendsCancelRequestAndThePeerHandlerSeesIt()
    {
        await using var pair = new ConnectedPair();
        var handlerCancelled = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        pair.Server.AddRequestHandler(TestMethods.Wait, async (_, cancellationToken) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                handlerCancelled.TrySetResult();
            }
            return "never";
        });
        pair.Start();

        using var cancellation = new CancellationTokenSource();
        Task<string> call = pair.Client.InvokeAsync(TestMethods.Wait, NoParams.Value, cancellation.Token);
        await started.Task.WaitAsync(TestTimeouts.Default);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await handlerCancelled.Task.WaitAsync(TestTimeouts.Default);

        // The connection goes on.
        pair.Server.AddRequestHandler(TestMethods.Add, (p, _) => ValueTask.FromResult(new SumResult { Sum = p.A + p.B }));
        Assert.Equal(5, (await pair.Client.InvokeAsync(TestMethods.Add, new AddParams { A = 2, B = 3 })).Sum);
    }

    [Fact]
    public async Task ATimedOutCallThrowsTimeoutAndCancelsThePeersWork()
    {
        await using var pair = new ConnectedPair(clientOptions: new JsonRpcConnectionOptions { DefaultRequestTimeout = TimeSpan.FromMilliseconds(100) });
        var handlerCancelled = new TaskCompletionSource();
        pair.Server.AddRequestHandler(TestMethods.Wait, async (_, cancellationToken) =>
        {
            await using (cancellationToken.Register(() => handlerCancelled.TrySetResult()))
                await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        });
        pair.Start();

        TimeoutException timeout = await Assert.ThrowsAsync<TimeoutException>(() => pair.Client.InvokeAsync(TestMethods.Wait, NoParams.Value));
        Assert.Contains("test/wait", timeout.Message, StringComparison.Ordinal);
        await handlerCancelled.Task.WaitAsync(TestTimeouts.Default);
    }

    [Fact]
    public async Task ARemoteErrorArrivesAsRemoteRpcExceptionWithCodeAndData()
    {
        await using var pair = new ConnectedPair();
        TestMethods.Serve(pair.Server);
        pair.Start();

        RemoteRpcException failure = await Assert.ThrowsAsync<RemoteRpcException>(() => pair.Client.InvokeAsync(TestMethods.Fail, NoParams.Value));
        Assert.Equal(JsonRpcErrorCodes.ApplicationError, failure.Code);
        Assert.Equal("test/fail", failure.Method);
        Assert.Equal("it failed on purpose", failure.Message);
        ErrorData? data = failure.GetErrorData(JsonRpcJsonContext.Default.ErrorData);
        Assert.Equal("System.InvalidOperationException", data?.Type);

        RemoteRpcException missing = await Assert.ThrowsAsync<RemoteRpcException>(() => pair.Client.InvokeAsync(Ask, new TextParams { Text = "x" }));
        Assert.Equal(JsonRpcErrorCodes.MethodNotFound, missing.Code);
    }

    [Fact]
    public async Task AResultOfTheWrongShapeIsAProtocolError()
    {
        await using var pair = new ConnectedPair();
        var wrong = new RpcMethod<TextParams, SumResult>("test/echo", TestJsonContext.Default.TextParams, TestJsonContext.Default.SumResult);
        TestMethods.Serve(pair.Server);
        pair.Start();
        await Assert.ThrowsAsync<JsonRpcProtocolException>(() => pair.Client.InvokeAsync(wrong, new TextParams { Text = "x" }));
    }

    [Fact]
    public async Task WhenThePeerVanishesMidRequestPendingCallsFailWithConnectionLost()
    {
        var pair = new ConnectedPair();
        var started = new TaskCompletionSource();
        pair.Server.AddRequestHandler(TestMethods.Wait, async (_, cancellationToken) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        });
        pair.Start();

        Task<string> call = pair.Client.InvokeAsync(TestMethods.Wait, NoParams.Value);
        await started.Task.WaitAsync(TestTimeouts.Default);
        await pair.Server.DisposeAsync();

        ConnectionLostException lost = await Assert.ThrowsAsync<ConnectionLostException>(() => call.WaitAsync(TestTimeouts.Default));
        Assert.Contains("closed", lost.Message, StringComparison.Ordinal);
        await pair.Client.Completion.WaitAsync(TestTimeouts.Default);
        await Assert.ThrowsAsync<ConnectionLostException>(() => pair.Client.InvokeAsync(TestMethods.Add, new AddParams { A = 1, B = 1 }));
        await pair.DisposeAsync();
    }

    [Fact]
    public async Task ACallbackToAClientThatVanishesFailsWithConnectionLost()
    {
        var pair = new ConnectedPair();
        var callbackFailure = new TaskCompletionSource<Exception>();
        var clientAsked = new TaskCompletionSource();
        pair.Server.AddRequestHandler(AskBack, async (p, _) =>
        {
            try
            {
                return await pair.Server.InvokeAsync(Ask, p);
            }
            catch (Exception exception)
            {
                callbackFailure.SetResult(exception);
                throw;
            }
        });
        pair.Client.AddRequestHandler(Ask, async (_, cancellationToken) =>
        {
            clientAsked.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        });
        pair.Start();

        Task<string> call = pair.Client.InvokeAsync(AskBack, new TextParams { Text = "x" });
        await clientAsked.Task.WaitAsync(TestTimeouts.Default);
        await pair.Client.DisposeAsync();

        Assert.IsType<ConnectionLostException>(await callbackFailure.Task.WaitAsync(TestTimeouts.Default));
        await Assert.ThrowsAsync<ConnectionLostException>(() => call);
        await pair.Server.Completion.WaitAsync(TestTimeouts.Default);
        await pair.DisposeAsync();
    }

    [Fact]
    public async Task NotificationsReachTheirHandlerBeforeTheResponseThatFollowsThem()
    {
        var output = new RpcNotification<TextParams>("test/output", TestJsonContext.Default.TextParams);
        await using var pair = new ConnectedPair();
        var seen = new List<string>();
        pair.Client.AddNotificationHandler(output, p => seen.Add(p.Text));
        pair.Server.AddRequestHandler(TestMethods.Echo, async (p, _) =>
        {
            for (int i = 0; i < 50; i++)
                await pair.Server.NotifyAsync(output, new TextParams { Text = $"{p.Text}{i}" });
            return p.Text;
        });
        pair.Start();

        Assert.Equal("run", await pair.Client.InvokeAsync(TestMethods.Echo, new TextParams { Text = "run" }));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"run{i}"), seen);
    }

    [Fact]
    public async Task DisposingCancelsRunningHandlers()
    {
        var pair = new ConnectedPair();
        var handlerCancelled = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        pair.Server.AddRequestHandler(TestMethods.Wait, async (_, cancellationToken) =>
        {
            started.SetResult();
            await using (cancellationToken.Register(() => handlerCancelled.TrySetResult()))
                await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        });
        pair.Start();

        Task<string> call = pair.Client.InvokeAsync(TestMethods.Wait, NoParams.Value);
        await started.Task.WaitAsync(TestTimeouts.Default);
        await pair.Server.DisposeAsync();
        await handlerCancelled.Task.WaitAsync(TestTimeouts.Default);
        await Assert.ThrowsAsync<ConnectionLostException>(() => call.WaitAsync(TestTimeouts.Default));
        await pair.DisposeAsync();
    }

    [Fact]
    public async Task HandlersCannotBeRegisteredTwiceOrForCancelRequest()
    {
        await using var pair = new ConnectedPair();
        TestMethods.Serve(pair.Server);
        Assert.Throws<ArgumentException>(() => pair.Server.AddRequestHandler(TestMethods.Add, (p, _) => ValueTask.FromResult(new SumResult { Sum = 0 })));
        var cancel = new RpcNotification<JsonElement>("$/cancelRequest", TestJsonContext.Default.JsonElement);
        Assert.Throws<ArgumentException>(() => pair.Server.AddNotificationHandler(cancel, _ => { }));
    }
}
