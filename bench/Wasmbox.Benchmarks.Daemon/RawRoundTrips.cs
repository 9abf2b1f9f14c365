using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Wasmbox.Benchmarks.Daemon;

/// <summary>
/// Round trips over a bare <see cref="FramedSocket"/>: to the ping-pong server, or to the daemon
/// without the client library (hand-written requests, responses checked only for their id), which
/// separates the daemon's own cost from the client's.
/// </summary>
internal static class RawRoundTrips
{
    public static FramedSocket Connect(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        return new FramedSocket(socket);
    }

    /// <summary>Compiles and instantiates <see cref="BenchModule"/> over a raw connection (the host import unserved: add needs none); returns the instance id.</summary>
    public static string CreateInstance(FramedSocket daemon)
    {
        var compiled = Call(daemon, 1, "module/compile", $"{{\"bytes\":\"{Convert.ToBase64String(BenchModule.Bytes)}\"}}");
        string moduleId = compiled.GetProperty("moduleId").GetString()!;
        // The import must be bound to something: the client library would serve it; here nobody
        // calls it, so declaring it served is enough.
        var created = Call(daemon, 2, "instance/create",
            $"{{\"moduleId\":\"{moduleId}\",\"hostFunctions\":[{{\"module\":\"{BenchModule.HostModule}\",\"name\":\"{BenchModule.HostFunction}\"}}]}}");
        return created.GetProperty("instanceId").GetString()!;
    }

    /// <summary>One request, its response's result (an error response throws).</summary>
    public static JsonElement Call(FramedSocket daemon, long id, string method, string paramsJson)
    {
        daemon.Send(Encoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{paramsJson}}}"));
        var response = daemon.Receive();
        using var document = JsonDocument.Parse(response.ToArray());
        if (document.RootElement.TryGetProperty("error", out var error))
            throw new InvalidOperationException($"{method} failed: {error}");
        return document.RootElement.GetProperty("result").Clone();
    }

    /// <summary>One request at a time: send, wait for the answer, repeat.</summary>
    public static void Sequential(FramedSocket connection, byte[] requestTail, WorkerLog log)
    {
        Span<byte> request = stackalloc byte[1024];
        long id = 1000;
        while (!log.Phase.Stopped)
        {
            int length = InvokeMessages.Write(request, ++id, requestTail);
            long start = Stopwatch.GetTimestamp();
            connection.Send(request[..length]);
            Check(connection.Receive(), id);
            log.Record(start);
        }
    }

    /// <summary>Keeps <paramref name="window"/> requests in flight: a new one goes out as each answer comes in.</summary>
    public static void Pipelined(FramedSocket connection, byte[] requestTail, int window, WorkerLog log)
    {
        Span<byte> request = stackalloc byte[1024];
        var sentAt = new long[1024];
        long nextId = 1000;
        int outstanding = 0;

        void SendOne(Span<byte> buffer)
        {
            long id = ++nextId;
            int length = InvokeMessages.Write(buffer, id, requestTail);
            sentAt[id % sentAt.Length] = Stopwatch.GetTimestamp();
            connection.Send(buffer[..length]);
            outstanding++;
        }

        while (outstanding < window) SendOne(request);
        while (outstanding > 0)
        {
            var response = connection.Receive();
            long id = Check(response, expected: null);
            outstanding--;
            log.Record(sentAt[id % sentAt.Length]);
            if (!log.Phase.Stopped) SendOne(request);
        }
    }

    private static long Check(ReadOnlySpan<byte> response, long? expected)
    {
        if (response.IsEmpty) throw new InvalidOperationException("the server closed the connection");
        if (response.IndexOf("\"error\""u8) >= 0) throw new InvalidOperationException("an error response: " + Encoding.UTF8.GetString(response));
        long id = FramedSocket.ReadId(response);
        if (expected is { } e && id != e) throw new InvalidOperationException($"the response to request {id} came while waiting for {e}");
        return id;
    }
}
