using Wasmbox.Client.Connecting;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Cli.Running;

/// <summary>
/// <c>wasmbox run</c> through the sandbox daemon: the one at the default socket, else a private one
/// started for this run. The module is compiled and instantiated there with WASI; the guest's
/// stdout and stderr come back as notifications and are written here as they arrive, this process's
/// stdin is streamed to it, and Ctrl+C cancels the call.
/// </summary>
internal static class DaemonRun
{
    /// <summary>Exit status after Ctrl+C (as for a process killed by SIGINT).</summary>
    public const int InterruptedExitCode = 130;

    private const int StdinChunk = 64 << 10;

    public static async Task<int> ExecuteAsync(RunOptions options)
    {
        byte[] wasm;
        try
        {
            // Read at once: the asynchronous file read would cost more start-up work than it saves.
            wasm = File.ReadAllBytes(options.File);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(options, e.Message);
        }

        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onInterrupt = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onInterrupt;
        var connection = new DaemonConnection();
        try
        {
            await connection.OpenAsync(options, interrupt.Token);
            return await RunAsync(connection, options, wasm, interrupt.Token);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            return InterruptedExitCode;
        }
        catch (ConnectionLostException e)
        {
            if (interrupt.IsCancellationRequested) return InterruptedExitCode;
            return Fail(options, $"the daemon closed the connection ({e.Message})");
        }
        catch (DaemonUnavailableException e)
        {
            return Fail(options, e.Message);
        }
        catch (InvalidOperationException e)
        {
            return Fail(options, e.Message);
        }
        finally
        {
            Console.CancelKeyPress -= onInterrupt;
            connection.ReleaseAtExit();
        }
    }

    private static async Task<int> RunAsync(DaemonConnection connection, RunOptions options, byte[] wasm, CancellationToken cancellation)
    {
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        var requests = new RunRequests(connection.Connection, (stream, bytes) =>
        {
            var to = stream == OutputStream.Stdout ? stdout : stderr;
            to.Write(bytes);
            to.Flush();
        });

        string instanceId;
        try
        {
            var moduleId = await requests.CompileAsync(wasm, cancellation);
            instanceId = await requests.CreateWasiInstanceAsync(moduleId, options, cancellation);
        }
        catch (RemoteRpcException e) when (WasmboxErrors.GetData(e) is { } data)
        {
            if (data.Type == WasmboxErrorTypes.LimitExceeded && data.Message.Contains("preopen", StringComparison.Ordinal) && !connection.IsPrivate)
            {
                return Fail(options, $"the daemon at {connection.SocketPath} refuses a --dir: {data.Message}\n"
                    + "  Allow the folder in that daemon's configuration ('wasmbox serve --allow-dir DIR', or Daemon__AllowedPreopenRoots__0=DIR for wasmboxd),\n"
                    + "  or add --private to run in a daemon started for this run alone.");
            }

            return Fail(options, data.Message);
        }

        using var stopStdin = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _ = ForwardStdinAsync(requests, instanceId, stopStdin.Token);
        try
        {
            return await requests.RunCommandAsync(instanceId, "_start", options.Deadline, cancellation);
        }
        catch (RemoteRpcException e) when (WasmboxErrors.GetData(e) is { } data)
        {
            if (data.Type is not (WasmboxErrorTypes.Trap or WasmboxErrorTypes.DeadlineExceeded or WasmboxErrorTypes.HostError))
                return Fail(options, data.Message);
            Console.Error.WriteLine($"wasmbox: {options.File}: trap: {data.Message}");
            foreach (var frame in data.WasmStack ?? []) Console.Error.WriteLine($"  at {frame}");
            return RunCommand.TrapExitCode;
        }
        finally
        {
            await stopStdin.CancelAsync();
        }
    }

    /// <summary>Passes this process's stdin on as the guest reads it (the daemon's bounded buffer paces this loop), then closes it.</summary>
    private static async Task ForwardStdinAsync(RunRequests requests, string instanceId, CancellationToken cancellation)
    {
        try
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[StdinChunk];
            while (true)
            {
                int read = await stdin.ReadAsync(buffer, cancellation);
                if (read == 0)
                {
                    await requests.WriteStdinAsync(instanceId, ReadOnlyMemory<byte>.Empty, close: true, cancellation);
                    return;
                }

                await requests.WriteStdinAsync(instanceId, buffer.AsMemory(0, read), close: false, cancellation);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionLostException or RemoteRpcException)
        {
            // The run is over (or stdin is unreadable, which the guest sees as an empty one).
        }
    }

    private static int Fail(RunOptions options, string message)
    {
        Console.Error.WriteLine($"wasmbox: {options.File}: {message}");
        return ExitCodes.Failure;
    }
}
