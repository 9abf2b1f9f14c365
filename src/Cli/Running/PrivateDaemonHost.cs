using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Wasmbox.Daemon.Hosting;

namespace Wasmbox.Cli.Running;

/// <summary>
/// The daemon side of <c>serve --private</c>, the daemon <c>wasmbox run</c> starts for itself when no
/// shared one answers. It tells its parent it is listening with one line "ready" on stdout, and lives
/// exactly as long as its stdin pipe from the parent: end-of-file (the parent closed it, or exited
/// or was killed, which closes it too) stops it, so it never outlives the run.
/// </summary>
internal static class PrivateDaemonHost
{
    public const string ReadyLine = "ready";

    public static async Task<int> RunAsync(string? socket, string[] allowedRoots, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("serve: the daemon needs Linux");
            return ExitCodes.Failure;
        }

        if (socket is null)
        {
            Console.Error.WriteLine("serve: --private needs --socket");
            return ExitCodes.Usage;
        }

        // Logs go to stderr (the parent's), and only what needs attention: stdout carries "ready".
        string[] configuration = ["--Logging:LogLevel:Default=Warning", "--Logging:Console:LogToStandardErrorThreshold=Trace"];
        IHost host;
        try
        {
            host = DaemonHost.Build(configuration, socket, options =>
            {
                ServeCommand.AllowRoots(options, allowedRoots);
                // A WASI command runs as long as it needs (the run's --deadline may still bound it);
                // Ctrl+C on the run cancels it.
                options.DefaultDeadline = Timeout.InfiniteTimeSpan;
                options.MaxSessions = 4;
                options.DrainTimeout = TimeSpan.FromSeconds(1);
            }, forOneRun: true);
            await host.StartAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"serve: {e.Message}");
            return ExitCodes.Failure;
        }

        // A hangup (the terminal closed) reaches the run too, and the run's end closes our stdin:
        // stop then, in order, rather than die at once and leave the socket folder behind.
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => context.Cancel = true);
        using (host)
        {
            try
            {
                Console.Out.WriteLine(ReadyLine);
                Console.Out.Flush();
            }
            catch (IOException)
            {
                // The parent is already gone: its pipe's end-of-file below stops us at once.
            }

            // Ctrl+C reaches the whole process group; the run answers it by cancelling its call, and
            // this daemon keeps serving until the run lets go of the pipe.
            await WaitForEndOfInputAsync();
            await host.StopAsync(CancellationToken.None);
        }

        RemoveSocketFolder(socket);
        return ExitCodes.Success;
    }

    private static async Task WaitForEndOfInputAsync()
    {
        using var input = Console.OpenStandardInput();
        var buffer = new byte[256];
        try
        {
            while (await input.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A broken pipe is an end too.
        }
    }

    /// <summary>The run made the folder for this daemon alone; remove it when empty (never anything else).</summary>
    private static void RemoveSocketFolder(string socket)
    {
        try
        {
            File.Delete(socket);
            if (Path.GetDirectoryName(Path.GetFullPath(socket)) is { } folder) Directory.Delete(folder, recursive: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not empty, or already gone: leave it.
        }
    }
}
