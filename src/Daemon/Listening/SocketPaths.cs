namespace Wasmbox.Daemon.Listening;

/// <summary>Where the daemon listens when not told: $WASMBOX_SOCKET, else $XDG_RUNTIME_DIR/wasmbox/wasmbox.sock, else /run/wasmbox/wasmbox.sock.</summary>
public static class SocketPaths
{
    public const string EnvironmentVariable = "WASMBOX_SOCKET";

    public static string Default()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } explicitPath) return explicitPath;
        if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime) return Path.Combine(runtime, "wasmbox", "wasmbox.sock");
        return "/run/wasmbox/wasmbox.sock";
    }
}
