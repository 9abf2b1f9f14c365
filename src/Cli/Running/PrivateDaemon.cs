using System.Diagnostics;

namespace Wasmbox.Cli.Running;

/// <summary>
/// A daemon started for one <c>wasmbox run</c>: this program's own <c>serve --private</c> as a child
/// process, on a socket in a fresh folder only this user can enter, allowed to preopen exactly the
/// run's folders. The guest so runs out of this process even on a machine where no daemon is set up.
/// The child exits when its stdin pipe closes, which happens when this process ends in any way.
/// </summary>
internal sealed class PrivateDaemon : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private readonly string _folder;

    private PrivateDaemon(Process process, string folder, string socketPath)
    {
        _process = process;
        _folder = folder;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    /// <exception cref="InvalidOperationException">The daemon did not start.</exception>
    public static async Task<PrivateDaemon> StartAsync(IEnumerable<string> allowedFolders, CancellationToken cancellationToken)
    {
        // CreateTempSubdirectory makes the folder 0700: nobody else can reach the socket.
        var folder = Directory.CreateTempSubdirectory("wasmbox-run-").FullName;
        var socket = Path.Combine(folder, "d.sock");
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var prefix = OwnCommand(out var program);
        start.FileName = program;
        foreach (var argument in prefix) start.ArgumentList.Add(argument);
        foreach (var argument in (string[])["serve", "--private", "--socket", socket]) start.ArgumentList.Add(argument);
        foreach (var allowed in allowedFolders)
        {
            start.ArgumentList.Add("--allow-dir");
            start.ArgumentList.Add(allowed);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            TryRemove(folder);
            throw new InvalidOperationException($"cannot start a private daemon: {e.Message}", e);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        string? line = null;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }

        if (line != PrivateDaemonHost.ReadyLine)
        {
            process.StandardInput.Close();
            if (!process.HasExited) process.Kill();
            process.Dispose();
            TryRemove(folder);
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("the private daemon did not start (its errors, if any, are above)");
        }

        return new PrivateDaemon(process, folder, socket);
    }

    /// <summary>
    /// How to run this program again: its apphost directly, or "dotnet wasmbox.dll" when it was
    /// started through the dotnet host.
    /// </summary>
    private static string[] OwnCommand(out string program)
    {
        program = Environment.ProcessPath ?? "dotnet";
        var name = Path.GetFileNameWithoutExtension(program);
        return name == "dotnet" ? [typeof(PrivateDaemon).Assembly.Location] : [];
    }

    private static void TryRemove(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Lets the daemon go: closing its stdin makes it stop. Nothing waits for that; the folder is
    /// removed here and by the daemon, whichever comes first (a daemon still listening needs no
    /// socket file), so it goes even if one of the two cannot.
    /// </summary>
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        _process.Dispose();
        TryRemove(_folder);
    }
}
