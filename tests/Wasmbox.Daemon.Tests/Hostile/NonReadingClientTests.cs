using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wasmbox.Daemon.Hosting;
using Wasmbox.Daemon.Sessions;
using Wasmbox.Daemon.Tests.Support;
using Wasmbox.Protocol.JsonRpc;
using static Wasmbox.Daemon.Tests.Support.RawProtocol;

namespace Wasmbox.Daemon.Tests.Hostile;

/// <summary>
/// A client that floods requests with big answers and reads none of them: its session stops taking
/// requests once the unread output passes the connection's limit, so what the daemon holds for it
/// stays bounded; other sessions are served meanwhile, and the flood is answered once its client reads.
/// </summary>
public sealed class NonReadingClientTests : IAsyncLifetime
{
    private const int ReadLength = 64 * 1024;
    private const int Requests = 2000;

    /// <summary>What one answer to a 64 KiB read takes on the wire: its bytes in base64, and a little JSON around them.</summary>
    private const int AnswerBytes = ReadLength / 3 * 4 + 200;

    private readonly string _folder = Directory.CreateTempSubdirectory("wasmbox-daemon-").FullName;
    private IHost? _host;

    private string SocketPath => Path.Combine(_folder, "d.sock");

    public async Task InitializeAsync()
    {
        _host = DaemonHost.Build([], SocketPath, options =>
        {
            options.MaxSessions = 16;
            options.DrainTimeout = TimeSpan.FromSeconds(2);
        });
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AFloodOfReadsNobodyReadsHoldsBoundedOutputAndIsAnsweredOnceRead()
    {
        await using var bystander = await Bystander.StartAsync(SocketPath);
        using var hostile = await RawConnection.ConnectAsync(SocketPath);
        string instance = await RawProtocol.InstantiateAsync(hostile, TestModules.HostCalls,
            "[{\"module\":\"env\",\"name\":\"twice\"},{\"module\":\"env\",\"name\":\"peek\"}]");
        JsonRpcConnection connection = NewestSession().Connection;

        // Far more answers than the limit: holding them all would take about 175 MB.
        Assert.True((long)Requests * AnswerBytes > 4 * JsonRpcConnectionOptions.DefaultMaxUnsentOutputBytes);
        string flood = string.Concat(Enumerable.Range(3, Requests).Select(id =>
            Request(id, "instance/memory/read", $"{{\"instanceId\":\"{instance}\",\"offset\":0,\"length\":{ReadLength}}}") + "\n"));
        Task sending = hostile.SendAsync(flood); // completes only as the daemon reads

        await StalledAsync(connection);
        await bystander.CallSucceedsAsync();
        await Bystander.NewSessionSucceedsAsync(SocketPath);

        // Stalled, the session holds the limit's worth of output plus what its in-flight requests answer.
        long bound = JsonRpcConnectionOptions.DefaultMaxUnsentOutputBytes
            + (long)JsonRpcConnectionOptions.DefaultMaxConcurrentRequests * AnswerBytes;
        Assert.InRange(connection.PeakUnsentOutputBytes, 1, bound);
        Assert.InRange(connection.RequestsInFlight, 0, JsonRpcConnectionOptions.DefaultMaxConcurrentRequests);

        // Reading, the client gets every answer, in full.
        var answered = new HashSet<int>();
        for (int i = 0; i < Requests; i++)
        {
            JsonElement message = Assert.NotNull(await hostile.ReadLineAsync());
            int id = message.GetProperty("id").GetInt32();
            JsonElement result = ResultOf(message, id);
            Assert.Equal(ReadLength, Convert.FromBase64String(result.GetProperty("bytes").GetString()!).Length);
            Assert.True(answered.Add(id));
        }
        await sending;
        Assert.Equal(Enumerable.Range(3, Requests), answered.Order());
        Assert.InRange(connection.PeakUnsentOutputBytes, 1, bound);
        await bystander.CallSucceedsAsync();
    }

    /// <summary>Waits until the session holds as much as its limits let it: too much output unsent, or too many requests unanswered.</summary>
    private static async Task StalledAsync(JsonRpcConnection connection)
    {
        var until = DateTime.UtcNow + RawConnection.AnswerTimeout;
        while (connection.UnsentOutputBytes <= JsonRpcConnectionOptions.DefaultMaxUnsentOutputBytes
            && connection.RequestsInFlight < JsonRpcConnectionOptions.DefaultMaxConcurrentRequests)
        {
            Assert.True(DateTime.UtcNow < until,
                $"the session never stalled: {connection.UnsentOutputBytes} bytes unsent, {connection.RequestsInFlight} requests in flight");
            await Task.Delay(20);
        }
    }

    private Session NewestSession() =>
        _host!.Services.GetServices<IHostedService>().OfType<SessionServer>().Single().Sessions.MaxBy(s => s.Number)!;
}
