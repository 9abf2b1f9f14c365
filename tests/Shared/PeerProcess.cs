using System.Diagnostics;
using System.Text;

namespace Wasmbox.Tests.Support;

/// <summary>
/// Runs a program written in another language (a peer speaking our protocol, node, npm) to completion
/// with a time limit, capturing everything it prints. Shared by the test projects.
/// </summary>
internal static class PeerProcess
{
    public static Task<(int ExitCode, string Output)> RunAsync(string program, TimeSpan timeout, params string[] arguments) =>
        RunAsync(program, workingDirectory: null, timeout, arguments);

    public static async Task<(int ExitCode, string Output)> RunAsync(string program, string? workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);

        using Process process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output)
                return (-1, $"{program} timed out after {timeout}\n{output}");
        }
        await process.WaitForExitAsync(); // drains the output events
        lock (output)
            return (process.ExitCode, output.ToString());
    }
}
