using System.Text;
using Wasmbox.Daemon.Tests.Support;
using static Wasmbox.Daemon.Tests.Support.RawProtocol;

namespace Wasmbox.Daemon.Tests.Hostile;

/// <summary>
/// Byte streams that are not JSON-RPC, sent on a raw socket: each gets an error (and, where the
/// framing is lost, a closed connection), and a second session's call succeeds during and after.
/// </summary>
public sealed class MalformedStreamTests : HostileClientTest
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x13, 0x37 })]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { (byte)'G', (byte)'E', (byte)'T', (byte)' ', (byte)'/', 0x0D, 0x0A })]
    public async Task GarbageBytesGetAParseErrorAndTheConnectionCloses(byte[] garbage)
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await hostile.SendAsync(garbage);

        var error = ErrorWithoutId(await hostile.ReadLineAsync(), -32700);
        Assert.Contains("Unrecognised stream", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(await hostile.ClosedByDaemonAsync());
    }

    [Fact]
    public async Task AContentLengthOfTenGigabytesIsRefusedBeforeAnyOfItsBodyIsSent()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await hostile.SendAsync("Content-Length: 9999999999\r\n\r\n");

        // No body follows: an answer at all shows the daemon did not wait to read (or buffer) it.
        var error = ErrorWithoutId(await hostile.ReadFrameAsync(), -32600);
        Assert.Contains("9999999999", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await Other.CallSucceedsAsync();
        Assert.True(await hostile.ClosedByDaemonAsync());
    }

    [Fact]
    public async Task AContentLengthBeyondSixtyFourBitsIsRefusedToo()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await hostile.SendAsync("Content-Length: 99999999999999999999999999\r\n\r\n{}");

        Assert.NotNull(await hostile.ReadFrameAsync());
        Assert.True(await hostile.ClosedByDaemonAsync());
    }

    [Theory]
    [InlineData("Content-Length: twelve\r\n\r\n")]
    [InlineData("Content-Length: -5\r\n\r\n")]
    [InlineData("Content-Type: application/json\r\n\r\n{}")]
    [InlineData("Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}")]
    [InlineData("Content-Length 2\r\n\r\n{}")]
    public async Task AHeaderThatLosesTheFramingGetsAParseErrorAndTheConnectionCloses(string header)
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await hostile.SendAsync(header);

        ErrorWithoutId(await hostile.ReadFrameAsync(), -32700);
        Assert.True(await hostile.ClosedByDaemonAsync());
    }

    [Fact]
    public async Task AnEndlessHeaderIsCutOffAtItsLimit()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await hostile.SendAsync("Content-Length: 2\r\nX-Padding: " + new string('a', 64 * 1024));

        var error = ErrorWithoutId(await hostile.ReadFrameAsync(), -32700);
        Assert.Contains("header section is longer", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(await hostile.ClosedByDaemonAsync());
    }

    [Fact]
    public async Task ATruncatedFrameThenTheEndOfTheStreamIsReportedAndClosed()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await hostile.SendAsync("Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,");
        hostile.FinishSending();

        var error = ErrorWithoutId(await hostile.ReadFrameAsync(), -32700);
        Assert.StartsWith("Truncated message", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(await hostile.ClosedByDaemonAsync());
    }

    [Fact]
    public async Task ATruncatedFrameThenADisconnectDisturbsNoOne()
    {
        var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await hostile.SendAsync("Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,");
        hostile.Dispose();

        await Other.CallSucceedsAsync();
    }

    [Fact]
    public async Task AClientStalledInTheMiddleOfAFrameHoldsUpOnlyItself()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        string request = Request(1, "engine/info");
        string frame = $"Content-Length: {Encoding.UTF8.GetByteCount(request)}\r\n\r\n{request}";
        await hostile.SendAsync(frame[..30]);

        await Other.CallSucceedsAsync();

        await hostile.SendAsync(frame[30..]);
        Assert.Equal("wasmbox", ResultOf(await hostile.ReadFrameAsync(), 1).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"engine/info\"")]
    [InlineData("{'jsonrpc':'2.0','id':1,'method':'engine/info'}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"engine/info\",}")]
    public async Task InvalidJsonIsAParseErrorAndTheConnectionGoesOn(string json)
    {
        using var lines = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await lines.SendLineAsync(json);
        ErrorWithoutId(await lines.ReadLineAsync(), -32700);
        await lines.SendLineAsync(Request(2, "engine/info"));
        ResultOf(await lines.ReadLineAsync(), 2);

        using var frames = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await frames.SendFrameAsync(json);
        ErrorWithoutId(await frames.ReadFrameAsync(), -32700);
        await frames.SendFrameAsync(Request(2, "engine/info"));
        ResultOf(await frames.ReadFrameAsync(), 2);
    }

    [Fact]
    public async Task InvalidUtf8IsAParseError()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        byte[] body = [.. "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"engine/info\",\"x\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        await hostile.SendAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body]);

        ErrorWithoutId(await hostile.ReadFrameAsync(), -32700);
        await hostile.SendFrameAsync(Request(2, "engine/info"));
        ResultOf(await hostile.ReadFrameAsync(), 2);
    }

    [Fact]
    public async Task JsonNestedTenThousandDeepIsAParseError()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await hostile.SendLineAsync(new string('[', 10_000) + new string(']', 10_000));

        ErrorWithoutId(await hostile.ReadLineAsync(), -32700);
        await hostile.SendLineAsync(Request(2, "engine/info"));
        ResultOf(await hostile.ReadLineAsync(), 2);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"engine/info\"")]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"engine/info\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":42}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{\"nested\":1},\"method\":\"engine/info\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"engine/info\",\"params\":\"a string\"}")]
    [InlineData("[]")]
    public async Task JsonThatIsNotARequestIsAnInvalidRequest(string json)
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await hostile.SendFrameAsync(json);

        ErrorOf(await hostile.ReadFrameAsync(), -32600);
        await hostile.SendFrameAsync(Request(2, "engine/info"));
        ResultOf(await hostile.ReadFrameAsync(), 2);
    }
}
