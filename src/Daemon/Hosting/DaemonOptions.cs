namespace Wasmbox.Daemon.Hosting;

/// <summary>What the daemon allows and where it listens. Bound from configuration section "Daemon" (e.g. Daemon__MaxSessions=64).</summary>
public sealed class DaemonOptions
{
    /// <summary>The socket to listen on when systemd did not pass one; null: <see cref="Listening.SocketPaths.Default"/>.</summary>
    public string? SocketPath { get; set; }

    /// <summary>Let the socket's group connect too (0660 rather than 0600).</summary>
    public bool GroupAccess { get; set; }

    /// <summary>Connections served at once; one more is told so and closed.</summary>
    public int MaxSessions { get; set; } = 64;

    public int MaxModulesPerSession { get; set; } = 256;

    public int MaxInstancesPerSession { get; set; } = 256;

    /// <summary>
    /// Compiled modules kept for any session that compiles the same bytes again, in bytes of wasm plus
    /// machine code; modules some session still holds are kept beyond it (src/Daemon/Modules).
    /// </summary>
    public long ModuleCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The most 64 KiB pages any memory of an instance may have (initially or by growing), and the most a client may ask for.</summary>
    public long MaxMemoryPages { get; set; } = 16384;

    /// <summary>
    /// The most 64 KiB pages all memories of one session may hold together (default 65536 = 4 GiB):
    /// past it <c>memory.grow</c> returns -1 and a new instance whose memory would not fit fails.
    /// </summary>
    public long MaxSessionMemoryPages { get; set; } = 65536;

    /// <summary>An invoke's wall-clock limit when neither the call nor its instance says.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest deadline a client may ask for: a vanished client's guest still ends.</summary>
    public TimeSpan MaxDeadline { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>On SIGTERM, how long calls in flight may take to finish before their sessions are closed.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The host folders under which a client may preopen directories for a WASI instance (after
    /// resolving symlinks and ".."); none by default, so a client reaches no host file unless the
    /// daemon's configuration says so (Daemon__AllowedPreopenRoots__0=/srv/data, serve --allow-dir).
    /// </summary>
    public string[] AllowedPreopenRoots { get; set; } = [];
}
