using System.Diagnostics;

namespace Wasmbox.Daemon.Tests.Peers;

/// <summary>
/// A fact that needs Debian's python3-pylsp-jsonrpc (installed by scripts/setup.sh) for the system
/// interpreter, reported as skipped (saying why) without it. The system interpreter is named
/// explicitly: a python3 earlier on the PATH (pyenv, a virtualenv) does not see Debian's packages.
/// </summary>
public sealed class PythonPeerFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(FindMissing);

    public PythonPeerFactAttribute()
    {
        if (Missing.Value is { } reason)
            Skip = reason;
    }

    private static string? FindMissing()
    {
        if (!File.Exists(Python))
            return $"Python peer: {Python} is missing (apt-get install python3 python3-pylsp-jsonrpc; scripts/setup.sh does)";
        using var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import pylsp_jsonrpc"]) { UseShellExecute = false, RedirectStandardError = true })!;
        check.StandardError.ReadToEnd();
        check.WaitForExit();
        return check.ExitCode == 0 ? null : $"Python peer: {Python} cannot import pylsp_jsonrpc (apt-get install python3-pylsp-jsonrpc; scripts/setup.sh does)";
    }
}
