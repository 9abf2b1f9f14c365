using System.IO.Pipelines;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Protocol.Tests.Support;

/// <summary>Two connections joined by in-memory pipes: a "client" and a "server", equal in every way.</summary>
internal sealed class ConnectedPair : IAsyncDisposable
{
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();

    public ConnectedPair(JsonRpcConnectionOptions? clientOptions = null, JsonRpcConnectionOptions? serverOptions = null)
    {
        Client = new JsonRpcConnection(_serverToClient.Reader, _clientToServer.Writer, clientOptions);
        Server = new JsonRpcConnection(_clientToServer.Reader, _serverToClient.Writer, serverOptions);
    }

    public JsonRpcConnection Client { get; }
    public JsonRpcConnection Server { get; }

    public void Start()
    {
        Client.Start();
        Server.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
