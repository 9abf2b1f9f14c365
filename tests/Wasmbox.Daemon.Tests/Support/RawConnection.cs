using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Wasmbox.Daemon.Tests.Support;

/// <summary>
/// A client that writes whatever bytes it is given to the daemon's socket, with no JSON-RPC library
/// in the way, and reads the daemon's answers in either framing.
/// </summary>
public sealed class RawConnection : IDisposable
{
    /// <summary>Longest wait for any one answer: far above what the daemon needs, so only a hang trips it.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(20);

    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly MemoryStream _received = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private bool _ended;

    private RawConnection()
    {
    }

    public static async Task<RawConnection> ConnectAsync(string socketPath)
    {
        var connection = new RawConnection();
        await connection._socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        return connection;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Sends one newline-delimited message.</summary>
    public Task SendLineAsync(string json) => SendAsync(json + "\n");

    /// <summary>Sends one Content-Length framed message.</summary>
    public Task SendFrameAsync(string json)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        return SendAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body]);
    }

    /// <summary>Stops sending (the daemon reads the end of the stream) but keeps reading.</summary>
    public void FinishSending() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>The next newline-delimited message; null when the daemon closed the connection first.</summary>
    public async Task<JsonElement?> ReadLineAsync()
    {
        while (true)
        {
            byte[] held = _received.ToArray();
            int newline = Array.IndexOf(held, (byte)'\n');
            if (newline >= 0)
            {
                Keep(held, newline + 1);
                return JsonElement.Parse(held.AsSpan(0, newline));
            }
            if (!await ReceiveMoreAsync())
                return null;
        }
    }

    /// <summary>The next Content-Length framed message; null when the daemon closed the connection first.</summary>
    public async Task<JsonElement?> ReadFrameAsync()
    {
        while (true)
        {
            byte[] held = _received.ToArray();
            int headerEnd = held.AsSpan().IndexOf("\r\n\r\n"u8);
            if (headerEnd >= 0)
            {
                string header = Encoding.ASCII.GetString(held, 0, headerEnd);
                Assert.StartsWith("Content-Length: ", header, StringComparison.Ordinal);
                int length = int.Parse(header["Content-Length: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                int bodyStart = headerEnd + 4;
                if (held.Length >= bodyStart + length)
                {
                    Keep(held, bodyStart + length);
                    return JsonElement.Parse(held.AsSpan(bodyStart, length));
                }
            }
            if (!await ReceiveMoreAsync())
                return null;
        }
    }

    /// <summary>Reads until the daemon closes the connection; true if it did (a reset counts), false if it kept it open past the timeout.</summary>
    public async Task<bool> ClosedByDaemonAsync()
    {
        try
        {
            while (await ReceiveMoreAsync())
            {
            }
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task<bool> ReceiveMoreAsync()
    {
        if (_ended)
            return false;
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        int read;
        try
        {
            read = await _socket.ReceiveAsync(_buffer, SocketFlags.None, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the daemon sent nothing for {AnswerTimeout}");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            read = 0;
        }
        if (read == 0)
        {
            _ended = true;
            return false;
        }
        _received.Write(_buffer, 0, read);
        return true;
    }

    private void Keep(byte[] held, int consumed)
    {
        _received.SetLength(0);
        _received.Write(held, consumed, held.Length - consumed);
    }

    public void Dispose() => _socket.Dispose();
}
