using System.Net.Sockets;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Tests.Support;

namespace Wasmbox.Protocol.Tests.Interop;

/// <summary>
/// A throwaway JSON-RPC server on a Unix socket, serving the test methods plus two for interop: one
/// that reports the notifications received, one that notifies and calls back into the client.
/// </summary>
internal sealed class UnixSocketTestServer : IAsyncDisposable
{
    public static readonly RpcMethod<NoParams, string[]> Notes =
        new("interop/notes", TestJsonContext.Default.NoParams, TestJsonContext.Default.StringArray);

    public static readonly RpcMethod<TextParams, string> CallBack =
        new("interop/callBack", TestJsonContext.Default.TextParams, TestJsonContext.Default.String, "text");

    public static readonly RpcMethod<QuestionParams, string> Ask =
        new("client/ask", TestJsonContext.Default.QuestionParams, TestJsonContext.Default.String, "question");

    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<JsonRpcConnection> _connections = [];
    private readonly Task _accepting;

    public UnixSocketTestServer()
    {
        SocketPath = Path.Combine(Path.GetTempPath(), $"wasmbox-protocol-{Guid.NewGuid():N}.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(8);
        _accepting = AcceptAsync();
    }

    public string SocketPath { get; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                Socket socket = await _listener.AcceptAsync(_stop.Token);
                var connection = new JsonRpcConnection(new NetworkStream(socket, ownsSocket: true));
                Serve(connection);
                lock (_connections)
                    _connections.Add(connection);
                connection.Start();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void Serve(JsonRpcConnection connection)
    {
        var notes = new List<string>();
        TestMethods.Serve(connection, notes);
        connection.AddRequestHandler(Notes, (_, _) =>
        {
            lock (notes)
                return ValueTask.FromResult(notes.ToArray());
        });
        connection.AddRequestHandler(CallBack, async (p, cancellationToken) =>
        {
            await connection.NotifyAsync(TestMethods.Note, new TextParams { Text = $"before {p.Text}" });
            return await connection.InvokeAsync(Ask, new QuestionParams { Question = p.Text }, cancellationToken);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        JsonRpcConnection[] connections;
        lock (_connections)
            connections = [.. _connections];
        foreach (JsonRpcConnection connection in connections)
            await connection.DisposeAsync();
        File.Delete(SocketPath);
    }
}
