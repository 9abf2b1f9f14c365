using System.Net.Sockets;
using System.Text;
using Wasmbox.Protocol.Tests.Support;

namespace Wasmbox.Protocol.Tests.Interop;

/// <summary>A peer that sends requests and never reads the answers cannot keep a connection from closing.</summary>
public class StalledReaderTests
{
    [Fact]
    public async Task DisposingAConnectionStuckWritingToAPeerThatDoesNotReadFinishes()
    {
        var server = new UnixSocketTestServer();
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(server.SocketPath));

        // Each answer is 256 KiB; a few of them fill the socket's buffers, and the server's writer blocks.
        string text = new('x', 256 * 1024);
        string request = $"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/echo\",\"params\":{{\"text\":\"{text}\"}}}}\n";
        for (int i = 0; i < 16; i++)
            await socket.SendAsync(Encoding.UTF8.GetBytes(request));

        // What was left unsent is dropped: closing must not wait for a reader that never comes.
        await server.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
    }
}
