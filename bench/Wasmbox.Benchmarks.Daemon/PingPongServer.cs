using System.Net.Sockets;

namespace Wasmbox.Benchmarks.Daemon;

/// <summary>
/// The floor: a Unix-socket server that answers each Content-Length-framed request with a response
/// of the same size as the daemon's answer to <c>add(1, 2)</c>, doing nothing but reading the id.
/// One blocking thread per connection, the least work a server can do per message.
/// </summary>
internal sealed class PingPongServer : IDisposable
{
    private readonly Socket _listener;

    public PingPongServer(string socketPath)
    {
        SocketPath = socketPath;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(64);
        new Thread(Accept) { IsBackground = true, Name = "ping-pong accept" }.Start();
    }

    public string SocketPath { get; }

    private void Accept()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            new Thread(() => Serve(client)) { IsBackground = true, Name = "ping-pong" }.Start();
        }
    }

    private static void Serve(Socket client)
    {
        using var connection = new FramedSocket(client);
        Span<byte> response = stackalloc byte[256];
        try
        {
            while (true)
            {
                var request = connection.Receive();
                if (request.IsEmpty) return;
                int length = InvokeMessages.Write(response, FramedSocket.ReadId(request), InvokeMessages.AddResponseTail);
                connection.Send(response[..length]);
            }
        }
        catch (SocketException)
        {
            // The benchmark closed the connection.
        }
    }

    public void Dispose() => _listener.Dispose();
}
