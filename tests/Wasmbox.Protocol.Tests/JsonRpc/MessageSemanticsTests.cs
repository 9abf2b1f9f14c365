using System.Text.Json;
using Wasmbox.Protocol.Framing;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Tests.Support;

namespace Wasmbox.Protocol.Tests.JsonRpc;

/// <summary>Requests, notifications, batches, ids and params, as a raw peer sees them.</summary>
public class MessageSemanticsTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("-17")]
    [InlineData("9223372036854775807")]
    [InlineData("12345678901234567890123")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("-0")]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    [InlineData("\"ünï \\\"quoted\\\"\"")]
    [InlineData("null")]
    public async Task IdsAreEchoedExactly(string id)
    {
        await using var peer = new RawPeer(register: connection => TestMethods.Serve(connection));
        await peer.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"test/echo\",\"params\":{{\"text\":\"x\"}}}}\n");
        string line = (await peer.ReadLineMessageAsync()).GetRawText();
        Assert.Equal($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":\"x\"}}", line);
    }

    [Fact]
    public async Task ParamsByNameAndByPositionBindTheSame()
    {
        await using var peer = new RawPeer(register: connection => TestMethods.Serve(connection));
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/echo\",\"params\":{\"suffix\":\"!\",\"text\":\"hi\"}}\n");
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test/echo\",\"params\":[\"hi\",\"!\"]}\n");
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test/echo\",\"params\":[\"hi\"]}\n");
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"test/echo\",\"params\":[\"hi\",null]}\n");
        var results = new Dictionary<int, string>();
        for (int i = 0; i < 4; i++)
        {
            JsonElement response = await peer.ReadLineMessageAsync();
            results[response.GetProperty("id").GetInt32()] = response.GetProperty("result").GetString()!;
        }
        Assert.Equal("hi!", results[1]);
        Assert.Equal("hi!", results[2]);
        Assert.Equal("hi", results[3]);
        Assert.Equal("hi", results[4]);
    }

    [Fact]
    public async Task ParamlessMethodsAcceptNoParamsAnEmptyObjectAnEmptyArrayOrNull()
    {
        var method = new RpcMethod<NoParams, string>("test/hello", TestJsonContext.Default.NoParams, TestJsonContext.Default.String);
        await using var peer = new RawPeer(register: connection => connection.AddRequestHandler(method, (_, _) => ValueTask.FromResult("hello")));
        foreach (string parameters in new[] { "", ",\"params\":{}", ",\"params\":[]", ",\"params\":null" })
        {
            await peer.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/hello\"{parameters}}}\n");
            Assert.Equal("hello", (await peer.ReadLineMessageAsync()).GetProperty("result").GetString());
        }
    }

    [Fact]
    public async Task NotificationsAreHandledInOrderAndNeverAnswered()
    {
        var notes = new List<string>();
        await using var peer = new RawPeer(register: connection => TestMethods.Serve(connection, notes));
        for (int i = 0; i < 20; i++)
            await peer.SendAsync($"{{\"jsonrpc\":\"2.0\",\"method\":\"test/note\",\"params\":{{\"text\":\"{i}\"}}}}\n");
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"no/such/notification\"}\n");
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"$/setTrace\",\"params\":{\"value\":\"off\"}}\n");
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"test/note\",\"params\":{\"wrong\":1}}\n");
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"test/fail\"}\n");
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":\"last\",\"method\":\"test/add\",\"params\":[0,0]}\n");

        // The first thing written is the answer to the only request.
        Assert.Equal("last", (await peer.ReadLineMessageAsync()).GetProperty("id").GetString());
        lock (notes)
            Assert.Equal(Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), notes);
        await peer.CloseSendingAsync();
        Assert.Equal("", await peer.ReadToEndAsync());
    }

    [Fact]
    public async Task ABatchIsAnsweredWithOneArrayWithoutEntriesForNotifications()
    {
        var notes = new List<string>();
        await using var peer = new RawPeer(register: connection => TestMethods.Serve(connection, notes));
        await peer.SendAsync("""
            [{"jsonrpc":"2.0","id":1,"method":"test/add","params":[1,2]},{"jsonrpc":"2.0","method":"test/note","params":{"text":"n"}},{"jsonrpc":"2.0","id":"two","method":"no/such"},42,{"jsonrpc":"2.0","id":3,"method":"test/add","params":{"a":"x"}},{"jsonrpc":"2.0","id":4,"method":"test/echo","params":["e"]}]

            """);
        JsonElement batch = await peer.ReadLineMessageAsync();
        Assert.Equal(JsonValueKind.Array, batch.ValueKind);
        Dictionary<string, JsonElement> byId = batch.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetRawText());
        Assert.Equal(5, byId.Count);
        Assert.Equal(3, byId["1"].GetProperty("result").GetProperty("sum").GetInt32());
        Assert.Equal(JsonRpcErrorCodes.MethodNotFound, byId["\"two\""].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, byId["null"].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(JsonRpcErrorCodes.InvalidParams, byId["3"].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("e", byId["4"].GetProperty("result").GetString());
        lock (notes)
            Assert.Equal(["n"], notes);
    }

    [Fact]
    public async Task ABatchOfOnlyNotificationsIsAnsweredWithNothing()
    {
        await using var peer = new RawPeer(register: connection => TestMethods.Serve(connection));
        await peer.SendAsync("[{\"jsonrpc\":\"2.0\",\"method\":\"test/note\",\"params\":{\"text\":\"a\"}},{\"jsonrpc\":\"2.0\",\"method\":\"test/note\",\"params\":{\"text\":\"b\"}}]\n");
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"test/add\",\"params\":[0,0]}\n");
        Assert.Equal(9, (await peer.ReadLineMessageAsync()).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task AnEmptyBatchIsOneInvalidRequest()
    {
        await using var peer = new RawPeer(register: connection => TestMethods.Serve(connection));
        await peer.SendAsync("[]\n");
        JsonElement response = await peer.ReadLineMessageAsync();
        Assert.Equal(JsonValueKind.Object, response.ValueKind);
        Assert.Equal(JsonValueKind.Null, response.GetProperty("id").ValueKind);
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, response.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task ABatchWaitsForItsSlowestRequestAndCanBeCancelledEntryByEntry()
    {
        await using var peer = new RawPeer(register: connection => TestMethods.Serve(connection));
        await peer.SendAsync("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/wait\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test/add\",\"params\":[2,2]}]\n");
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":1}}\n");
        JsonElement batch = await peer.ReadLineMessageAsync();
        Dictionary<int, JsonElement> byId = batch.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetInt32());
        Assert.Equal(JsonRpcErrorCodes.RequestCancelled, byId[1].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(4, byId[2].GetProperty("result").GetProperty("sum").GetInt32());
    }

    [Fact]
    public async Task RepliesUseTheFramingThePeerChose()
    {
        await using var framed = new RawPeer(register: connection => TestMethods.Serve(connection));
        await framed.SendFramedAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/echo\",\"params\":[\"é\"]}");
        Assert.Equal("é", (await framed.ReadFramedMessageAsync()).GetProperty("result").GetString());
        Assert.Equal(MessageFraming.ContentLength, framed.Connection.Framing);

        await using var lines = new RawPeer(register: connection => TestMethods.Serve(connection));
        await lines.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/echo\",\"params\":[\"é\"]}\n");
        Assert.Equal("é", (await lines.ReadLineMessageAsync()).GetProperty("result").GetString());
        Assert.Equal(MessageFraming.NewlineDelimited, lines.Connection.Framing);
    }

    [Fact]
    public async Task AnUnsupportedCharsetIsRefusedAndTheNextMessageStillServed()
    {
        await using var peer = new RawPeer(register: connection => TestMethods.Serve(connection));
        const string json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/echo\",\"params\":[\"x\"]}";
        await peer.SendAsync($"Content-Length: {json.Length}\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{json}");
        JsonElement refusal = await peer.ReadFramedMessageAsync();
        Assert.Equal(JsonRpcErrorCodes.ParseError, refusal.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("latin1", refusal.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        await peer.SendAsync($"content-type: application/vscode-jsonrpc; charset=utf8\r\ncontent-length: {json.Length}\r\n\r\n{json}");
        Assert.Equal("x", (await peer.ReadFramedMessageAsync()).GetProperty("result").GetString());
    }

    [Fact]
    public async Task AHalfClosedPeerStillGetsItsAnswers()
    {
        // What `printf '...' | socat - UNIX-CONNECT:...` does: send, shut down the sending side, read.
        await using var peer = new RawPeer(register: connection => TestMethods.Serve(connection));
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/add\",\"params\":[20,22]}\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test/echo\",\"params\":[\"last line without newline\"]}");
        await peer.CloseSendingAsync();
        string output = await peer.ReadToEndAsync();
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("{\"sum\":42}", output, StringComparison.Ordinal);
        Assert.Contains("last line without newline", output, StringComparison.Ordinal);
        await peer.Connection.Completion.WaitAsync(TestTimeouts.Default);
        Assert.Equal("The peer closed the connection", peer.Connection.CloseReason!.Message);
    }

    [Fact]
    public async Task GarbageIsAnsweredWithAReadableErrorLineAndTheConnectionCloses()
    {
        await using var peer = new RawPeer(register: connection => TestMethods.Serve(connection));
        await peer.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        JsonElement error = await peer.ReadLineMessageAsync();
        Assert.Equal(JsonRpcErrorCodes.ParseError, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("Unrecognised stream", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(await peer.IsOutputClosedAsync());
    }

    [Fact]
    public async Task ATruncatedFrameIsReportedAndTheConnectionCloses()
    {
        await using var peer = new RawPeer(register: connection => TestMethods.Serve(connection));
        await peer.SendAsync("Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\"");
        await peer.CloseSendingAsync();
        JsonElement error = await peer.ReadFramedMessageAsync();
        Assert.Contains("Truncated", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(await peer.IsOutputClosedAsync());
    }
}
