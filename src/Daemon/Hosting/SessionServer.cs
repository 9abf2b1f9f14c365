using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmbox.Daemon.Logging;
using Wasmbox.Daemon.Methods;
using Wasmbox.Daemon.Modules;
using Wasmbox.Daemon.Sessions;
using Wasmbox.Daemon.Systemd;

namespace Wasmbox.Daemon.Hosting;

/// <summary>
/// Accepts connections and runs each as a <see cref="Session"/>. Listens in StartAsync, so READY=1
/// goes out only once clients can connect and a socket that cannot be opened fails the start. On
/// stop: STOPPING=1, no more accepting, running calls get <see cref="DaemonOptions.DrainTimeout"/>
/// to finish, then every session is closed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class SessionServer : BackgroundService
{
    private readonly DaemonOptions _options;
    private readonly ILogger _logger;
    private readonly SystemdNotifier _systemd;

    /// <summary>Compiled modules shared by every session of this daemon (sharing is safe: docs/design.md).</summary>
    private readonly ModuleCache _modules;
    private readonly ConcurrentDictionary<long, Session> _sessions = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private ListeningSocket? _listener;
    private long _lastSession;

    public SessionServer(IOptions<DaemonOptions> options, ILogger<SessionServer> logger, SystemdNotifier systemd)
    {
        _options = options.Value;
        _modules = new ModuleCache(_options.ModuleCacheBytes);
        _logger = logger;
        _systemd = systemd;
    }

    /// <summary>The sessions open now.</summary>
    internal IEnumerable<Session> Sessions => _sessions.Values;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = ListeningSocket.Open(_options);
        _logger.Listening(_listener.Endpoint, _listener.Activated);
        _systemd.Ready();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = _listener!.Socket;
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                _logger.AcceptFailed(e);
                await Task.Delay(100, stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (_sessions.Count >= _options.MaxSessions)
            {
                _logger.SessionRefused(_sessions.Count);
                _ = RefuseAsync(client);
                continue;
            }

            StartSession(client);
        }
    }

    private void StartSession(Socket client)
    {
        long number = Interlocked.Increment(ref _lastSession);
        var session = new Session(number, client, _options, _modules, _logger);
        MethodTable.RegisterAll(session);
        _sessions[number] = session;
        _logger.SessionOpened(number, _sessions.Count);
        _running[number] = Task.Run(async () =>
        {
            try
            {
                await session.RunAsync().ConfigureAwait(false);
            }
            finally
            {
                _sessions.TryRemove(number, out _);
                _running.TryRemove(number, out _);
            }
        });
    }

    /// <summary>One newline-delimited JSON-RPC error saying why, then close: the client learns more than from a reset.</summary>
    private async Task RefuseAsync(Socket client)
    {
        using (client)
        {
            var message = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":\"The daemon is serving its maximum of "
                + _options.MaxSessions.ToString(System.Globalization.CultureInfo.InvariantCulture)
                + " sessions; try again later\",\"data\":{\"type\":\"LimitExceeded\",\"message\":\"too many sessions\"}}}\n";
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await client.SendAsync(Encoding.UTF8.GetBytes(message), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // The client is gone or not reading: nothing more to tell it.
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _systemd.Stopping();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _listener?.Dispose();

        _logger.Draining(_sessions.Count, _options.DrainTimeout);
        try
        {
            // The host cancels the token at its shutdown timeout (DrainTimeout + 10 s): past that, a
            // session that still has not closed must not keep the process from exiting.
            await Task.WhenAll(_sessions.Values.Select(s => s.DrainAsync(_options.DrainTimeout))).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        await Task.WhenAll(_running.Values).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)
            .ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        base.Dispose();
    }
}
