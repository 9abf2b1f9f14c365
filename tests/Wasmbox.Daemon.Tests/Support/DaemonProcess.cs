using System.Diagnostics;
using System.Text;

namespace Wasmbox.Daemon.Tests.Support;

/// <summary>
/// The built daemon (wasmboxd.dll under dotnet) as a real process, possibly behind a launcher such
/// as systemd-socket-activate, with its output captured. Killed on dispose if it is still running.
/// </summary>
public sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(Process process)
    {
        _process = process;
    }

    /// <summary>wasmboxd.dll as built next to this test assembly (same configuration).</summary>
    public static string DaemonDll
    {
        get
        {
            // artifacts/bin/Wasmbox.Daemon.Tests/<config>/ → artifacts/bin/Wasmbox.Daemon/<config>/wasmboxd.dll
            var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string dll = Path.Combine(tests.Parent!.Parent!.FullName, "Wasmbox.Daemon", tests.Name, "wasmboxd.dll");
            Assert.True(File.Exists(dll), $"the daemon is not built at {dll}");
            return dll;
        }
    }

    /// <summary>
    /// Starts <paramref name="launcher"/> followed by <c>dotnet wasmboxd.dll</c> and <paramref name="daemonArguments"/>.
    /// The environment is this process's, without anything that would tell the daemon it runs under
    /// systemd, plus <paramref name="environment"/>.
    /// </summary>
    public static DaemonProcess Start(string[] launcher, string[] daemonArguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        string[] command = [.. launcher, "dotnet", DaemonDll, .. daemonArguments];
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in command[1..])
            start.ArgumentList.Add(argument);
        foreach (string name in (string[])["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "NOTIFY_SOCKET", "JOURNAL_STREAM", "INVOCATION_ID", "WASMBOX_SOCKET"])
            start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var daemon = new DaemonProcess(Process.Start(start)!);
        daemon._process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        daemon._process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        daemon._process.BeginOutputReadLine();
        daemon._process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>Everything the process printed so far, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Sends SIGTERM, as systemd does to stop a service.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The exit code; fails if the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the daemon did not exit within {timeout}; it printed:\n{Output}");
        }
        await _process.WaitForExitAsync(); // drains the output events
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
