using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Wasmbox.Daemon.Hosting;
using Wasmbox.Daemon.Tests.Support;
using static Wasmbox.Daemon.Tests.Support.RawProtocol;

namespace Wasmbox.Daemon.Tests.Hostile;

/// <summary>
/// A hundred clients at once against a daemon with its default limit of 64 sessions. Those beyond
/// the limit get the documented refusal (one -32000 LimitExceeded line with id null, then the
/// connection closes) and succeed when they try again; a session opened before them keeps working.
/// </summary>
public sealed class ManySessionsTests : IAsyncLifetime
{
    private const int Clients = 100;

    private readonly string _folder = Directory.CreateTempSubdirectory("wasmbox-sessions-").FullName;
    private IHost? _host;

    private string SocketPath => Path.Combine(_folder, "d.sock");

    public async Task InitializeAsync()
    {
        _host = DaemonHost.Build([], SocketPath, options => options.DrainTimeout = TimeSpan.FromSeconds(2));
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host!.StopAsync();
        _host.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AHundredClientsAtOnceAreServedOrToldToRetryAndAllSucceedInTheEnd()
    {
        int limit = new DaemonOptions().MaxSessions;
        await using var bystander = await Bystander.StartAsync(SocketPath);

        // Round one: every client holds its session open until all have been served or refused,
        // so exactly the sessions the limit leaves room for are served.
        var everyoneAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int answered = 0;
        void Answered()
        {
            if (Interlocked.Increment(ref answered) == Clients)
                everyoneAnswered.SetResult();
        }

        var firstTries = Enumerable.Range(1, Clients).Select(n => Task.Run(async () =>
        {
            using var connection = await RawConnection.ConnectAsync(SocketPath);
            bool served = await TryCompileInstantiateInvokeAsync(connection, n);
            Answered();
            await everyoneAnswered.Task;
            return served;
        })).ToArray();

        await everyoneAnswered.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await bystander.CallSucceedsAsync(); // with the daemon at its limit
        bool[] served = await Task.WhenAll(firstTries);
        Assert.Equal(limit - 1, served.Count(s => s)); // the bystander holds one session

        // Round two: those refused try again, now that the others have left, until they are served.
        var retries = Enumerable.Range(1, Clients).Where(n => !served[n - 1]).Select(n => Task.Run(async () =>
        {
            for (int attempt = 1; ; attempt++)
            {
                using var connection = await RawConnection.ConnectAsync(SocketPath);
                if (await TryCompileInstantiateInvokeAsync(connection, n))
                    return attempt;
                Assert.True(attempt < 200, $"client {n} was refused {attempt} times");
                await Task.Delay(50); // the sessions just closed are still being removed
            }
        })).ToArray();
        await Task.WhenAll(retries).WaitAsync(TimeSpan.FromMinutes(2));
        await bystander.CallSucceedsAsync();
    }

    /// <summary>Compiles, instantiates and calls add(n, n); false if the daemon refused the session instead.</summary>
    private static async Task<bool> TryCompileInstantiateInvokeAsync(RawConnection connection, int n)
    {
        await connection.SendLineAsync(Compile(1, TestModules.Arithmetic));
        JsonElement first = Assert.NotNull(await connection.ReadLineAsync());
        if (first.TryGetProperty("error", out _))
        {
            JsonElement error = ErrorWithoutId(first, -32000);
            Assert.Equal("LimitExceeded", ErrorType(error));
            Assert.Contains("try again later", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.True(await connection.ClosedByDaemonAsync());
            return false;
        }

        string moduleId = ResultOf(first, 1).GetProperty("moduleId").GetString()!;
        await connection.SendLineAsync(CreateInstance(2, moduleId));
        string instanceId = ResultOf(await connection.ReadLineAsync(), 2).GetProperty("instanceId").GetString()!;
        await connection.SendLineAsync(Invoke(3, instanceId, "add", $"[{n},{n}]", 30_000));
        Assert.Equal(2 * n, ResultOf(await connection.ReadLineAsync(), 3).GetProperty("results")[0].GetInt32());
        return true;
    }
}
