using System.Net.Sockets;
using System.Text;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Tests.Support;

namespace Wasmbox.Protocol.Tests.Interop;

/// <summary>
/// Connections made with the Socket constructor (on Linux: their own reading thread and plain
/// system calls on the descriptor) behave as stream connections do: big messages, a peer that does
/// not read, a peer that finishes sending, closing while idle.
/// </summary>
public sealed class SocketConnectionTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"wasmbox-socket-{Guid.NewGuid():N}.sock");
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public SocketConnectionTests()
    {
        _listener.Bind(new UnixDomainSocketEndPoint(_path));
        _listener.Listen(4);
    }

    public void Dispose()
    {
        _listener.Dispose();
        File.Delete(_path);
    }

    [Fact]
    public async Task BigMessagesFromManyWritersArriveWholeBothWays()
    {
        var (clientSocket, serverSocket) = await ConnectAsync();
        await using var client = new JsonRpcConnection(clientSocket);
        await using var server = new JsonRpcConnection(serverSocket, new JsonRpcConnectionOptions { StartHandlersOnReadingLoop = true });
        TestMethods.Serve(server);
        client.Start();
        server.Start();

        // Far more than the socket's buffers hold: writes wait for room, and reads come in pieces.
        string[] texts = Enumerable.Range(0, 16).Select(i => new string((char)('a' + i), 1_000_000 + i)).ToArray();
        string[] echoes = await Task.WhenAll(texts.Select(text => client.InvokeAsync(TestMethods.Echo, new TextParams { Text = text })))
            .WaitAsync(TestTimeouts.Default);
        Assert.Equal(texts, echoes);
    }

    [Fact]
    public async Task DisposingAConnectionStuckWritingToAPeerThatDoesNotReadFinishes()
    {
        var (peer, serverSocket) = await ConnectAsync();
        using (peer)
        {
            var server = new JsonRpcConnection(serverSocket);
            TestMethods.Serve(server);
            server.Start();

            string request = $"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/echo\",\"params\":{{\"text\":\"{new string('x', 256 * 1024)}\"}}}}\n";
            for (int i = 0; i < 16; i++)
                await peer.SendAsync(Encoding.UTF8.GetBytes(request));

            await server.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
            await server.Completion.WaitAsync(TestTimeouts.Default);
        }
    }

    [Fact]
    public async Task APeerThatFinishesSendingStillGetsItsAnswers()
    {
        var (peer, serverSocket) = await ConnectAsync();
        using (peer)
        {
            await using var server = new JsonRpcConnection(serverSocket);
            TestMethods.Serve(server);
            server.Start();

            await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"test/add\",\"params\":[2,3]}\n"u8.ToArray());
            peer.Shutdown(SocketShutdown.Send);

            var received = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await peer.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TestTimeouts.Default)) > 0)
                received.Write(buffer, 0, read);
            Assert.Equal("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"sum\":5}}\n", Encoding.UTF8.GetString(received.ToArray()));
            await server.Completion.WaitAsync(TestTimeouts.Default);
        }
    }

    [Fact]
    public async Task DisposingAnIdleConnectionEndsItAtOnce()
    {
        var (peer, serverSocket) = await ConnectAsync();
        using (peer)
        {
            var server = new JsonRpcConnection(serverSocket);
            server.Start();
            await server.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
            Assert.NotNull(server.CloseReason);

            // The connection released the socket: the peer reads the end of the stream.
            Assert.Equal(0, await peer.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None).AsTask().WaitAsync(TestTimeouts.Default));
        }
    }

    private async Task<(Socket Client, Socket Server)> ConnectAsync()
    {
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Task<Socket> accepting = _listener.AcceptAsync();
        await client.ConnectAsync(new UnixDomainSocketEndPoint(_path));
        return (client, await accepting);
    }
}
