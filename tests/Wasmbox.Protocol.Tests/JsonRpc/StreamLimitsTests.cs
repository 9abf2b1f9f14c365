using System.Text;
using System.Text.Json;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Tests.Support;

namespace Wasmbox.Protocol.Tests.JsonRpc;

/// <summary>The connection over real streams: hostile lengths, endless input, one-byte reads.</summary>
[Collection(AloneCollection.Name)]
public class StreamLimitsTests
{
    [Fact]
    public async Task AHugeDeclaredLengthIsRefusedWithoutReadingOrBufferingTheBody()
    {
        // The body never ends: a connection that tried to read it would read forever.
        var stream = new ScriptedStream(Encoding.ASCII.GetBytes("Content-Length: 9999999999\r\n\r\n"), endlessFiller: true);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var connection = new JsonRpcConnection(stream);
        TestMethods.Serve(connection);
        connection.Start();
        await connection.Completion.WaitAsync(TestTimeouts.Default);

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.True(stream.BytesRead < 64 * 1024, $"read {stream.BytesRead} bytes of the refused body");
        Assert.True(allocated < 1024 * 1024, $"allocated {allocated} bytes");
        Assert.True(stream.Disposed);

        string written = Encoding.UTF8.GetString(stream.Written);
        string json = written[(written.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        JsonElement error = JsonElement.Parse(json).GetProperty("error");
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, error.GetProperty("code").GetInt32());
        Assert.Contains("9999999999", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndlessLineIsRefusedOnceItPassesTheConfiguredLimit()
    {
        var stream = new ScriptedStream("{\"a\":\""u8.ToArray(), endlessFiller: true);
        var connection = new JsonRpcConnection(stream, new JsonRpcConnectionOptions { MaxMessageSize = 100_000 });
        connection.Start();
        await connection.Completion.WaitAsync(TestTimeouts.Default);

        Assert.InRange(stream.BytesRead, 100_000, 400_000);
        JsonElement error = JsonElement.Parse(Encoding.UTF8.GetString(stream.Written)).GetProperty("error");
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task MessagesReadOneByteAtATimeAreServedInFull()
    {
        var input = new StringBuilder();
        for (int i = 0; i < 5; i++)
        {
            string json = $"{{\"jsonrpc\":\"2.0\",\"id\":{i},\"method\":\"test/add\",\"params\":[{i},1]}}";
            input.Append($"Content-Length: {json.Length}\r\n\r\n{json}");
        }
        var stream = new ScriptedStream(Encoding.ASCII.GetBytes(input.ToString()), maxRead: 1);
        var connection = new JsonRpcConnection(stream);
        TestMethods.Serve(connection);
        connection.Start();
        await connection.Completion.WaitAsync(TestTimeouts.Default);

        string output = Encoding.UTF8.GetString(stream.Written);
        for (int i = 0; i < 5; i++)
            Assert.Contains($"\"id\":{i},\"result\":{{\"sum\":{i + 1}}}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStreamIsLeftOpenWhenAsked()
    {
        var stream = new ScriptedStream([]);
        var connection = new JsonRpcConnection(stream, new JsonRpcConnectionOptions { LeaveStreamOpen = true });
        connection.Start();
        await connection.Completion.WaitAsync(TestTimeouts.Default);
        Assert.False(stream.Disposed);
    }
}

public class OutgoingLimitsTests
{
    [Fact]
    public async Task AResponseOverTheLimitIsReplacedByAnErrorSayingSo()
    {
        var big = new RpcMethod<AddParams, string>("test/big", TestJsonContext.Default.AddParams, TestJsonContext.Default.String, "a", "b");
        await using var peer = new RawPeer(new JsonRpcConnectionOptions { MaxMessageSize = 1000 },
            connection => connection.AddRequestHandler(big, (p, _) => ValueTask.FromResult(new string('x', p.A))));
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/big\",\"params\":[900,0]}\n");
        Assert.Equal(900, (await peer.ReadLineMessageAsync()).GetProperty("result").GetString()!.Length);
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test/big\",\"params\":[1000,0]}\n");
        JsonElement error = (await peer.ReadLineMessageAsync()).GetProperty("error");
        Assert.Equal(JsonRpcErrorCodes.InternalError, error.GetProperty("code").GetInt32());
        Assert.Contains("over the maximum message size of 1000 bytes", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestOverTheLimitIsRefusedBeforeSendingAndTheConnectionGoesOn()
    {
        await using var pair = new ConnectedPair(clientOptions: new JsonRpcConnectionOptions { MaxMessageSize = 1000 });
        TestMethods.Serve(pair.Server);
        pair.Start();
        await Assert.ThrowsAsync<ArgumentException>(() => pair.Client.InvokeAsync(TestMethods.Echo, new TextParams { Text = new string('a', 1000) }));
        await Assert.ThrowsAsync<ArgumentException>(() => pair.Client.NotifyAsync(TestMethods.Note, new TextParams { Text = new string('a', 1000) }));
        Assert.Equal("ok", await pair.Client.InvokeAsync(TestMethods.Echo, new TextParams { Text = "ok" }));
    }

    [Fact]
    public async Task AMalformedResponseFailsTheRequestItAnswersAndIsNotAnswered()
    {
        await using var peer = new RawPeer();
        Task<SumResult> call = peer.Connection.InvokeAsync(TestMethods.Add, new AddParams { A = 1, B = 2 });
        JsonElement request = await peer.ReadFramedMessageAsync();
        Assert.Equal("test/add", request.GetProperty("method").GetString());
        Assert.Equal("{\"a\":1,\"b\":2}", request.GetProperty("params").GetRawText());

        await peer.SendFramedAsync($"{{\"id\":{request.GetProperty("id").GetRawText()},\"result\":{{\"sum\":3}}}}");
        JsonRpcProtocolException failure = await Assert.ThrowsAsync<JsonRpcProtocolException>(() => call);
        Assert.Contains("\"jsonrpc\" is not \"2.0\"", failure.Message, StringComparison.Ordinal);

        await peer.CloseSendingAsync();
        Assert.Equal("", await peer.ReadToEndAsync());
    }
}
