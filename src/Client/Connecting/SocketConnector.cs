using System.Net.Sockets;
using Polly;
using Polly.Retry;

namespace Wasmbox.Client.Connecting;

/// <summary>
/// Connects to the daemon's Unix socket, retrying with exponential backoff: a daemon that systemd or
/// a test has only just started may not be listening yet, and that should not be the caller's problem.
/// Public for callers that speak the protocol without <see cref="WasmboxClient"/> (<c>wasmbox run</c>).
/// </summary>
/// <remarks>
/// The first attempt is a plain connect; the retry pipeline is built only when it fails. Almost every
/// connection succeeds at once, and building the pipeline (Polly's generic strategies, which
/// ReadyToRun leaves to the JIT) was a noticeable part of a short command's start
/// (docs/design.md, "Start-up").
/// </remarks>
public static class SocketConnector
{
    /// <summary>A connected socket to the daemon at <paramref name="path"/>, after <see cref="WasmboxClientOptions.ConnectRetries"/> retries at most.</summary>
    /// <exception cref="DaemonUnavailableException">Nothing accepted the connection.</exception>
    public static async Task<Socket> ConnectAsync(string path, WasmboxClientOptions options, CancellationToken cancellationToken)
    {
        var endPoint = new UnixDomainSocketEndPoint(path);
        SocketException? firstFailure;
        try
        {
            return await TryConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (options.ConnectRetries <= 0)
        {
            throw new DaemonUnavailableException(path, e);
        }
        catch (SocketException e)
        {
            firstFailure = e;
        }

        try
        {
            // The pipeline's first attempt reports the failure already seen, so that its retries (and
            // their delays) follow exactly as if it had made that attempt itself.
            return await RetryPipeline(options).ExecuteAsync(async token =>
            {
                if (firstFailure is { } seen)
                {
                    firstFailure = null;
                    throw seen;
                }

                return await TryConnectAsync(endPoint, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new DaemonUnavailableException(path, e);
        }
    }

    private static ResiliencePipeline RetryPipeline(WasmboxClientOptions options) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                // A missing socket file or nobody listening: both may be a daemon still starting.
                ShouldHandle = new PredicateBuilder().Handle<SocketException>(),
                MaxRetryAttempts = options.ConnectRetries,
                Delay = options.ConnectRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();

    private static async ValueTask<Socket> TryConnectAsync(UnixDomainSocketEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
