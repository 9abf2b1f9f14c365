using System.Net.Sockets;
using Polly;
using Polly.Retry;

namespace Wasmbox.Client.Connecting;

/// <summary>
/// Connects to the daemon's Unix socket, retrying with exponential backoff: a daemon that systemd or
/// a test has only just started may not be listening yet, and that should not be the caller's problem.
/// </summary>
internal static class SocketConnector
{
    public static async Task<Socket> ConnectAsync(string path, WasmboxClientOptions options, CancellationToken cancellationToken)
    {
        var builder = new ResiliencePipelineBuilder();
        // Polly refuses zero attempts; no retries is simply no retry strategy.
        if (options.ConnectRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                // A missing socket file or nobody listening: both may be a daemon still starting.
                ShouldHandle = new PredicateBuilder().Handle<SocketException>(),
                MaxRetryAttempts = options.ConnectRetries,
                Delay = options.ConnectRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        var pipeline = builder.Build();

        try
        {
            return await pipeline.ExecuteAsync(async token =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), token).ConfigureAwait(false);
                    return socket;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new DaemonUnavailableException(path, e);
        }
    }
}
