using System.Text.Json;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Tests.Support;

namespace Wasmbox.Protocol.Tests.JsonRpc;

/// <summary>Every error code, as a raw peer sees it on the wire (newline-delimited for readability).</summary>
public class ErrorCodeTests
{
    private static RawPeer Peer() => new(register: connection => TestMethods.Serve(connection));

    private static void AssertError(JsonElement response, JsonElement expectedId, int code, string? messagePart = null)
    {
        Assert.Equal("2.0", response.GetProperty("jsonrpc").GetString());
        Assert.True(JsonElement.DeepEquals(expectedId, response.GetProperty("id")), $"id {response.GetProperty("id")} != {expectedId}");
        Assert.False(response.TryGetProperty("result", out _));
        JsonElement error = response.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        if (messagePart is not null)
            Assert.Contains(messagePart, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement Id(string json) => JsonElement.Parse(json);

    [Fact]
    public async Task ParseErrorIsAnsweredWithANullIdAndTheConnectionGoesOn()
    {
        await using var peer = Peer();
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/add\",\"params\":{\"a\":1,\"b\":\n");
        AssertError(await peer.ReadLineMessageAsync(), Id("null"), JsonRpcErrorCodes.ParseError, "Parse error");

        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test/add\",\"params\":{\"a\":1,\"b\":2}}\n");
        JsonElement response = await peer.ReadLineMessageAsync();
        Assert.Equal(3, response.GetProperty("result").GetProperty("sum").GetInt32());
    }

    [Fact]
    public async Task InvalidUtf8IsAParseError()
    {
        await using var peer = Peer();
        await peer.SendAsync([.. "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/echo\",\"params\":{\"text\":\""u8, 0xC3, 0x28, .. "\"}}\n"u8]);
        AssertError(await peer.ReadLineMessageAsync(), Id("null"), JsonRpcErrorCodes.ParseError);
    }

    [Theory]
    [InlineData("1", "null", "must be an object")]
    [InlineData("\"text\"", "null", "must be an object")]
    [InlineData("{\"id\":1,\"method\":\"test/add\"}", "1", "\"jsonrpc\" must be \"2.0\"")]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":\"a\",\"method\":\"test/add\"}", "\"a\"", "\"jsonrpc\" must be \"2.0\"")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":7}", "7", "needs \"method\"")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":42}", "7", "\"method\" must be a string")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"test/add\",\"params\":3}", "7", "\"params\" must be an object or an array")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"test/add\"}", "null", "\"id\" must be")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"test/add\"}", "null", "\"id\" must be")]
    public async Task InvalidRequestsAreAnsweredWithTheirIdWhenItCanBeRead(string message, string id, string problem)
    {
        await using var peer = Peer();
        // A first valid message settles the framing: a stream that starts with anything but '{', '['
        // or a header is refused as a whole (see MessageSemanticsTests).
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"$/ignored\"}\n");
        await peer.SendAsync(message + "\n");
        AssertError(await peer.ReadLineMessageAsync(), Id(id), JsonRpcErrorCodes.InvalidRequest, problem);
    }

    [Fact]
    public async Task UnknownMethodIsMethodNotFound()
    {
        await using var peer = Peer();
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"no/such\"}\n");
        AssertError(await peer.ReadLineMessageAsync(), Id("3"), JsonRpcErrorCodes.MethodNotFound, "no/such");
    }

    [Fact]
    public async Task ANotificationMethodCalledAsARequestIsMethodNotFound()
    {
        await using var peer = Peer();
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test/note\",\"params\":{\"text\":\"x\"}}\n");
        AssertError(await peer.ReadLineMessageAsync(), Id("3"), JsonRpcErrorCodes.MethodNotFound);
    }

    [Theory]
    [InlineData("{\"a\":1}", "missing required properties")]
    [InlineData("{\"a\":1,\"b\":\"2\"}", "$.b")]
    [InlineData("{\"a\":1,\"b\":2.5}", "$.b")]
    [InlineData("{\"a\":1,\"b\":null}", "$.b")]
    [InlineData("[1]", "missing required properties")]
    [InlineData("[1,2,3]", "at most 2 (a, b)")]
    [InlineData("[1,\"x\"]", "$.b")]
    public async Task BadParamsAreInvalidParams(string parameters, string problem)
    {
        await using var peer = Peer();
        await peer.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"test/add\",\"params\":{parameters}}}\n");
        AssertError(await peer.ReadLineMessageAsync(), Id("4"), JsonRpcErrorCodes.InvalidParams, problem);
    }

    [Fact]
    public async Task PositionalParamsForANamedOnlyMethodAreInvalidParams()
    {
        await using var peer = Peer();
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"test/namedOnly\",\"params\":[\"x\"]}\n");
        AssertError(await peer.ReadLineMessageAsync(), Id("4"), JsonRpcErrorCodes.InvalidParams, "by name");
    }

    [Fact]
    public async Task MissingParamsAreInvalidWhenSomethingIsRequired()
    {
        await using var peer = Peer();
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"test/add\"}\n");
        AssertError(await peer.ReadLineMessageAsync(), Id("4"), JsonRpcErrorCodes.InvalidParams);
    }

    [Fact]
    public async Task AResultThatCannotBeSerializedIsAnInternalError()
    {
        await using var peer = Peer();
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"test/badResult\"}\n");
        AssertError(await peer.ReadLineMessageAsync(), Id("5"), JsonRpcErrorCodes.InternalError, "could not be serialized");
    }

    [Fact]
    public async Task AHandlerExceptionIsAnApplicationErrorWithTypeAndMessage()
    {
        await using var peer = Peer();
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"test/fail\"}\n");
        JsonElement response = await peer.ReadLineMessageAsync();
        AssertError(response, Id("6"), JsonRpcErrorCodes.ApplicationError, "it failed on purpose");
        JsonElement data = response.GetProperty("error").GetProperty("data");
        Assert.Equal("System.InvalidOperationException", data.GetProperty("type").GetString());
        Assert.Equal("it failed on purpose", data.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AJsonRpcExceptionChoosesItsOwnCodeAndData()
    {
        var method = new RpcMethod<NoParams, NoResult>("test/custom", TestJsonContext.Default.NoParams, TestJsonContext.Default.NoResult);
        await using var peer = new RawPeer(register: connection => connection.AddRequestHandler(method, (_, _) =>
            throw JsonRpcException.WithData(-32042, "custom failure", "extra", TestJsonContext.Default.String)));
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"test/custom\"}\n");
        JsonElement response = await peer.ReadLineMessageAsync();
        AssertError(response, Id("8"), -32042, "custom failure");
        Assert.Equal("extra", response.GetProperty("error").GetProperty("data").GetString());
    }

    [Fact]
    public async Task CancelRequestAnswersTheCancelledRequestWithRequestCancelled()
    {
        await using var peer = Peer();
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"test/wait\"}\n");
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":\"other\"}}\n");
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/add\",\"params\":[1,1]}\n");
        JsonElement unrelated = await peer.ReadLineMessageAsync();
        Assert.Equal(2, unrelated.GetProperty("result").GetProperty("sum").GetInt32());

        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":\"slow\"}}\n");
        AssertError(await peer.ReadLineMessageAsync(), Id("\"slow\""), JsonRpcErrorCodes.RequestCancelled);
    }

    [Fact]
    public async Task TheFramingErrorsOfAStreamAreReportedBeforeItCloses()
    {
        await using var peer = Peer();
        await peer.SendAsync("Content-Length: 9999999999\r\n\r\n");
        JsonElement response = await peer.ReadFramedMessageAsync();
        AssertError(response, Id("null"), JsonRpcErrorCodes.InvalidRequest, "exceeds the maximum message size");
        Assert.True(await peer.IsOutputClosedAsync());
        await peer.Connection.Completion.WaitAsync(TestTimeouts.Default);
        Assert.Contains("exceeds the maximum", peer.Connection.CloseReason!.Message, StringComparison.Ordinal);
    }
}
