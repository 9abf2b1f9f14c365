using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Wasmbox.Protocol.Framing;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Tests.Support;

namespace Wasmbox.Protocol.Tests.Interop;

/// <summary>Real Unix sockets: what socat does, and two of our connections talking through the kernel.</summary>
public class UnixSocketTests
{
    [Fact]
    public async Task ASocatStyleClientSendsLinesHalfClosesAndReadsEveryAnswer()
    {
        await using var server = new UnixSocketTestServer();
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(server.SocketPath));

        byte[] script = Encoding.UTF8.GetBytes(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/add\",\"params\":{\"a\":1,\"b\":2}}\n" +
            "{\"jsonrpc\":\"2.0\",\"method\":\"test/note\",\"params\":[\"hi\"]}\n" +
            "[{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"interop/notes\"},{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test/echo\",\"params\":[\"x\",\"y\"]}]\n" +
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"test/echo\",\"params\":[\"no newline at the end\"]}");
        await socket.SendAsync(script);
        socket.Shutdown(SocketShutdown.Send);

        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        int read;
        while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            received.Write(buffer, 0, read);

        // Requests run concurrently, so answers come in whatever order they finish.
        string[] lines = Encoding.UTF8.GetString(received.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"sum\":3}}", lines);
        Assert.Contains("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":\"no newline at the end\"}", lines);
        string batch = Assert.Single(lines, line => line.StartsWith('['));
        Assert.Equal(2, JsonElement.Parse(batch).GetArrayLength());
        Assert.Contains("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":[\"hi\"]}", batch, StringComparison.Ordinal);
        Assert.Contains("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":\"xy\"}", batch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OurClientTalksToOurServerThroughASocketWithCallbacks()
    {
        await using var server = new UnixSocketTestServer();
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(server.SocketPath));
        await using var client = new JsonRpcConnection(new NetworkStream(socket, ownsSocket: false));
        var notes = new List<string>();
        client.AddNotificationHandler(TestMethods.Note, p => notes.Add(p.Text));
        client.AddRequestHandler(UnixSocketTestServer.Ask, (p, _) => ValueTask.FromResult(p.Question + "?"));
        client.Start();

        Assert.Equal("ping?", await client.InvokeAsync(UnixSocketTestServer.CallBack, new TextParams { Text = "ping" }));
        Assert.Equal(["before ping"], notes);
        Assert.Equal(MessageFraming.ContentLength, client.Framing);

        string big = new('z', 3_000_000);
        Assert.Equal(big, await client.InvokeAsync(TestMethods.Echo, new TextParams { Text = big }));
    }
}
