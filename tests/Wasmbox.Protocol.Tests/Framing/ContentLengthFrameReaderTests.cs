using System.Text;
using Wasmbox.Protocol.Framing;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Tests.Support;

namespace Wasmbox.Protocol.Tests.Framing;

public class ContentLengthFrameReaderTests
{
    private const string First = """{"jsonrpc":"2.0","id":1,"method":"a","params":{"text":"héllo"}}""";
    private const string Second = """{"jsonrpc":"2.0","method":"b"}""";

    private static string Frame(string json, string extraHeaders = "") =>
        $"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n{extraHeaders}\r\n{json}";

    private static FrameFeeder Feeder(long max = JsonRpcConnectionOptions.DefaultMaxMessageSize) => new(new ContentLengthFrameReader(max));

    [Fact]
    public void ReadsTwoFramesArrivingInOneRead()
    {
        var feeder = Feeder();
        feeder.Feed(Frame(First) + Frame(Second));
        Assert.Equal([First, Second], feeder.Frames);
        Assert.Empty(feeder.Errors);
        Assert.Equal(0, feeder.Buffered);
    }

    [Fact]
    public void ReadsTheSameFramesWhateverByteTheStreamIsSplitAt()
    {
        byte[] stream = Encoding.UTF8.GetBytes(Frame(First, "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n") + Frame(Second));
        for (int split = 0; split <= stream.Length; split++)
        {
            var feeder = Feeder();
            feeder.Feed(stream.AsSpan(0, split));
            feeder.Feed(stream.AsSpan(split));
            Assert.Equal([First, Second], feeder.Frames);
            Assert.Empty(feeder.Errors);
        }
    }

    [Fact]
    public void ReadsFramesArrivingOneByteAtATime()
    {
        byte[] stream = Encoding.UTF8.GetBytes(Frame(First) + Frame(Second) + Frame(First));
        var feeder = Feeder();
        foreach (byte b in stream)
            feeder.Feed([b]);
        Assert.Equal([First, Second, First], feeder.Frames);
    }

    [Theory]
    [InlineData("content-length")]
    [InlineData("CONTENT-LENGTH")]
    [InlineData("Content-length")]
    public void AcceptsHeaderNamesInAnyCase(string name)
    {
        var feeder = Feeder();
        feeder.Feed($"{name}: {Second.Length}\r\n\r\n{Second}");
        Assert.Equal([Second], feeder.Frames);
    }

    [Fact]
    public void AcceptsHeadersInAnyOrderAndIgnoresUnknownOnes()
    {
        var feeder = Feeder();
        feeder.Feed($"X-Trace: abc\r\ncontent-type: application/vscode-jsonrpc; charset=utf-8\r\nX-Empty:\r\nContent-Length:{Second.Length}   \r\n\r\n{Second}");
        Assert.Equal([Second], feeder.Frames);
        Assert.Empty(feeder.Errors);
    }

    [Fact]
    public void AcceptsBareNewlinesAndBlankLinesBetweenFrames()
    {
        var feeder = Feeder();
        feeder.Feed($"Content-Length: {Second.Length}\n\n{Second}\r\n\r\nContent-Length: {Second.Length}\r\n\r\n{Second}");
        Assert.Equal([Second, Second], feeder.Frames);
        Assert.Empty(feeder.Errors);
    }

    [Theory]
    [InlineData("application/vscode-jsonrpc; charset=utf-8")]
    [InlineData("application/vscode-jsonrpc; charset=utf8")]
    [InlineData("application/vscode-jsonrpc;charset=UTF-8")]
    [InlineData("application/vscode-jsonrpc; charset=\"utf-8\"")]
    [InlineData("application/json")]
    [InlineData("application/vscode-jsonrpc; foo=bar; CHARSET = Utf8")]
    public void AcceptsUtf8Charsets(string contentType)
    {
        var feeder = Feeder();
        feeder.Feed(Frame(Second, $"Content-Type: {contentType}\r\n"));
        Assert.Equal([Second], feeder.Frames);
        Assert.Empty(feeder.Errors);
    }

    [Theory]
    [InlineData("latin1")]
    [InlineData("utf-16")]
    [InlineData("")]
    public void RefusesOtherCharsetsButSkipsTheBodyAndGoesOn(string charset)
    {
        var feeder = Feeder();
        feeder.Feed(Frame(First, $"Content-Type: application/vscode-jsonrpc; charset={charset}\r\n") + Frame(Second));
        FramingError error = Assert.Single(feeder.Errors);
        Assert.False(error.IsFatal);
        Assert.Equal(JsonRpcErrorCodes.ParseError, error.Code);
        Assert.Contains("Unsupported charset", error.Message, StringComparison.Ordinal);
        Assert.Equal([Second], feeder.Frames);
    }

    [Fact]
    public void RefusesAnOversizedLengthBeforeItsBodyArrives()
    {
        var feeder = Feeder(max: 1000);
        feeder.Feed("Content-Length: 1001\r\n");
        FramingError error = Assert.Single(feeder.Errors);
        Assert.True(error.IsFatal);
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, error.Code);
        Assert.Contains("1001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptsALengthExactlyAtTheLimit()
    {
        string body = "[" + new string(' ', 998) + "]";
        var feeder = Feeder(max: 1000);
        feeder.Feed(Frame(body));
        Assert.Equal([body], feeder.Frames);
    }

    [Theory]
    [InlineData("Content-Length: 9999999999")]
    [InlineData("Content-Length: 99999999999999999999999999999999")]
    public void RefusesHugeLengthsAsTooLarge(string header)
    {
        var feeder = Feeder();
        feeder.Feed(header + "\r\n\r\n");
        FramingError error = Assert.Single(feeder.Errors);
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, error.Code);
        Assert.Contains("exceeds the maximum message size", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Content-Length: -5\r\n\r\n", "not a non-negative decimal number")]
    [InlineData("Content-Length: 1e3\r\n\r\n", "not a non-negative decimal number")]
    [InlineData("Content-Length: \r\n\r\n", "not a non-negative decimal number")]
    [InlineData("Content-Length 12\r\n\r\n", "Malformed message header line")]
    [InlineData("Content-Type: application/json\r\n\r\n{}", "no Content-Length")]
    [InlineData("Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", "two different Content-Length")]
    [InlineData("Content Length: 2\r\n\r\n{}", "Malformed message header line")]
    [InlineData("Content-Length: 2\r\n\u0001\u0002\u0003\r\n\r\n{}", "Malformed message header line")]
    public void RefusesMalformedHeaders(string stream, string expected)
    {
        var feeder = Feeder();
        feeder.Feed(stream);
        FramingError error = Assert.Single(feeder.Errors);
        Assert.True(error.IsFatal);
        Assert.Equal(JsonRpcErrorCodes.ParseError, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(feeder.Frames);
    }

    [Fact]
    public void RefusesAHeaderSectionThatNeverEnds()
    {
        var feeder = Feeder();
        for (int i = 0; i < 1000 && feeder.Errors.Count == 0; i++)
            feeder.Feed("X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        FramingError error = Assert.Single(feeder.Errors);
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAHeaderLineWithoutANewlineOnceItIsTooLong()
    {
        var feeder = Feeder();
        feeder.Feed(new string('C', ContentLengthFrameReader.MaxHeaderSectionBytes + 1));
        Assert.Single(feeder.Errors);
    }

    [Fact]
    public void ReportsAStreamEndingInsideABody()
    {
        var feeder = Feeder();
        feeder.Feed(Frame(First)[..^5]);
        feeder.End();
        FramingError error = Assert.Single(feeder.Errors);
        Assert.Contains("Truncated message", error.Message, StringComparison.Ordinal);
        Assert.Empty(feeder.Frames);
    }

    [Fact]
    public void ReportsAStreamEndingInsideAHeader()
    {
        var feeder = Feeder();
        feeder.Feed("Content-Length: 5\r\n");
        feeder.End();
        Assert.Contains("inside a message header", Assert.Single(feeder.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptsAStreamEndingBetweenFrames()
    {
        var feeder = Feeder();
        feeder.Feed(Frame(Second) + "\r\n");
        feeder.End();
        Assert.Equal([Second], feeder.Frames);
        Assert.Empty(feeder.Errors);
    }
}
