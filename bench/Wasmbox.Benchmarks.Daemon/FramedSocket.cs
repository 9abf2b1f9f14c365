using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

namespace Wasmbox.Benchmarks.Daemon;

/// <summary>
/// Content-Length framing over a blocking socket with the fewest possible copies and no allocation
/// per message: the cheapest way to move a JSON-RPC message, used for the ping-pong floor and for
/// talking to the daemon without the client library.
/// </summary>
internal sealed class FramedSocket(Socket socket) : IDisposable
{
    private static ReadOnlySpan<byte> LengthHeader => "Content-Length: "u8;

    private readonly byte[] _in = new byte[64 * 1024];
    private readonly byte[] _out = new byte[64 * 1024];
    private int _start;
    private int _end;

    public Socket Socket => socket;

    /// <summary>Frames <paramref name="body"/> and sends it in one write.</summary>
    public void Send(ReadOnlySpan<byte> body)
    {
        int length = Frame(body, _out);
        socket.Send(_out.AsSpan(0, length));
    }

    /// <summary>Frames <paramref name="body"/> into <paramref name="output"/>; returns the frame's length.</summary>
    public static int Frame(ReadOnlySpan<byte> body, Span<byte> output)
    {
        LengthHeader.CopyTo(output);
        Utf8Formatter.TryFormat(body.Length, output[LengthHeader.Length..], out int digits);
        int at = LengthHeader.Length + digits;
        "\r\n\r\n"u8.CopyTo(output[at..]);
        body.CopyTo(output[(at + 4)..]);
        return at + 4 + body.Length;
    }

    /// <summary>The next message's body (valid until the next call), or an empty span when the peer closed.</summary>
    public ReadOnlySpan<byte> Receive()
    {
        while (true)
        {
            ReadOnlySpan<byte> buffered = _in.AsSpan(_start, _end - _start);
            int headerEnd = buffered.IndexOf("\r\n\r\n"u8);
            if (headerEnd >= 0)
            {
                int lengthAt = buffered.IndexOf(LengthHeader);
                if (lengthAt < 0 || !Utf8Parser.TryParse(buffered[(lengthAt + LengthHeader.Length)..], out int length, out _))
                    throw new InvalidDataException("a frame without Content-Length: " + Encoding.UTF8.GetString(buffered[..headerEnd]));
                int bodyStart = headerEnd + 4;
                if (buffered.Length >= bodyStart + length)
                {
                    _start += bodyStart + length;
                    return _in.AsSpan(_start - length, length);
                }
            }

            if (!Fill()) return [];
        }
    }

    private bool Fill()
    {
        if (_start > 0)
        {
            _in.AsSpan(_start, _end - _start).CopyTo(_in);
            _end -= _start;
            _start = 0;
        }
        if (_end == _in.Length) throw new InvalidDataException("a message larger than the benchmark's buffer");
        int read = socket.Receive(_in.AsSpan(_end));
        _end += read;
        return read > 0;
    }

    /// <summary>The number after <c>"id":</c> in a JSON-RPC message (the daemon and the ping-pong server write ids without spaces).</summary>
    public static long ReadId(ReadOnlySpan<byte> message)
    {
        int at = message.IndexOf("\"id\":"u8);
        if (at < 0 || !Utf8Parser.TryParse(message[(at + 5)..], out long id, out _))
            throw new InvalidDataException("a message without a numeric id: " + Encoding.UTF8.GetString(message));
        return id;
    }

    public void Dispose() => socket.Dispose();
}
