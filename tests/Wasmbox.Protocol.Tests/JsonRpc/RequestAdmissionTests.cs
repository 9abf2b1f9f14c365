using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Tests.Support;

namespace Wasmbox.Protocol.Tests.JsonRpc;

/// <summary>
/// The limits on what a peer can make a connection hold: requests in flight and unsent output. A peer
/// that does not read stops being served; handlers waiting for the peer's answers are never starved.
/// </summary>
public class RequestAdmissionTests
{
    private static readonly RpcMethod<TextParams, string> Ask =
        new("client/ask", TestJsonContext.Default.TextParams, TestJsonContext.Default.String, "text");

    private static readonly RpcMethod<TextParams, string> AskBack =
        new("server/askBack", TestJsonContext.Default.TextParams, TestJsonContext.Default.String, "text");

    [Fact]
    public async Task HandlersWaitingForThePeersAnswersDoNotUseUpTheRequestLimit()
    {
        const int Calls = 16;
        await using var pair = new ConnectedPair(serverOptions: new JsonRpcConnectionOptions { MaxConcurrentRequests = 2 });

        // The client answers no question until it has all of them: only a server that takes on all
        // 16 requests, though its limit is 2, gets there.
        var allAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int asked = 0;
        pair.Client.AddRequestHandler(Ask, async (p, _) =>
        {
            if (Interlocked.Increment(ref asked) == Calls)
                allAsked.SetResult();
            await allAsked.Task;
            return p.Text + ">client";
        });
        pair.Server.AddRequestHandler(AskBack, async (p, cancellationToken) =>
            await pair.Server.InvokeAsync(Ask, new TextParams { Text = p.Text + ">server" }, cancellationToken));
        pair.Start();

        string[] answers = await Task.WhenAll(Enumerable.Range(0, Calls).Select(n =>
            pair.Client.InvokeAsync(AskBack, new TextParams { Text = $"{n}" }))).WaitAsync(TestTimeouts.Default);
        Assert.Equal(Enumerable.Range(0, Calls).Select(n => $"{n}>server>client"), answers);
    }

    [Fact]
    public async Task APeerThatDoesNotReadGetsNoMoreThanTheLimitsAnswersHeldAndAllOnceItReads()
    {
        const int Calls = 100;
        const int MaxRequests = 4;
        string text = new('x', 100_000);
        var server = new JsonRpcConnectionOptions { MaxConcurrentRequests = MaxRequests, MaxUnsentOutputBytes = 256 * 1024 };
        await using var pair = new ConnectedPair(serverOptions: server);
        TestMethods.Serve(pair.Server);
        pair.Server.Start(); // the client does not read yet

        Task<string>[] calls = Enumerable.Range(0, Calls).Select(_ => pair.Client.InvokeAsync(TestMethods.Echo, new TextParams { Text = text })).ToArray();
        using (var timeout = new CancellationTokenSource(TestTimeouts.Default))
        {
            while (pair.Server.RequestsInFlight < MaxRequests && pair.Server.UnsentOutputBytes <= server.MaxUnsentOutputBytes)
                await Task.Delay(10, timeout.Token);
        }

        // Each request in flight holds at most one answer; beyond those only the output limit's worth waits.
        long answerBytes = text.Length + 100;
        Assert.InRange(pair.Server.PeakUnsentOutputBytes, 1, server.MaxUnsentOutputBytes + MaxRequests * answerBytes);
        Assert.InRange(pair.Server.RequestsInFlight, 1, MaxRequests);

        pair.Client.Start();
        string[] answers = await Task.WhenAll(calls).WaitAsync(TestTimeouts.Default);
        Assert.All(answers, answer => Assert.Equal(text, answer));
        Assert.InRange(pair.Server.PeakUnsentOutputBytes, 1, server.MaxUnsentOutputBytes + MaxRequests * answerBytes);
    }
}
