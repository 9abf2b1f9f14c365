namespace Wasmbox.Client.Connecting;

/// <summary>
/// Where the daemon listens unless told otherwise: $WASMBOX_SOCKET, else
/// $XDG_RUNTIME_DIR/wasmbox/wasmbox.sock, else /run/wasmbox/wasmbox.sock. The same rules as the
/// daemon's SocketPaths; repeated here because a client must not depend on the daemon's assembly.
/// </summary>
public static class DefaultSocketPath
{
    public static string Resolve()
    {
        if (Environment.GetEnvironmentVariable("WASMBOX_SOCKET") is { Length: > 0 } explicitPath) return explicitPath;
        if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime) return Path.Combine(runtime, "wasmbox", "wasmbox.sock");
        return "/run/wasmbox/wasmbox.sock";
    }
}
