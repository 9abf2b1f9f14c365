using System.Runtime.InteropServices;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Daemon.Wasi;

/// <summary>
/// Decides whether a client may preopen a host directory: only inside a folder the daemon's
/// configuration allows (<see cref="Hosting.DaemonOptions.AllowedPreopenRoots"/>, none by default).
/// The path is resolved fully first — every symlink and every ".." — so neither can lead out.
/// </summary>
internal static class PreopenRoots
{
    /// <summary>The host directory as the daemon will open it (resolved), or a typed refusal.</summary>
    public static string Check(string host, IReadOnlyList<string> allowedRoots)
    {
        if (!Path.IsPathFullyQualified(host))
            throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, $"preopen host path \"{host}\" is not absolute (the daemon's working directory means nothing to a client)");
        if (allowedRoots.Count == 0)
            throw Refused($"this daemon allows no preopens (configure Daemon:AllowedPreopenRoots, or 'wasmbox serve --allow-dir DIR')");

        var resolved = Resolve(host) ?? throw Refused($"preopen \"{host}\" cannot be resolved: no such directory, or not reachable by the daemon");
        foreach (var root in allowedRoots)
        {
            if (Resolve(root) is { } allowed && IsInside(resolved, allowed)) return resolved;
        }

        throw Refused($"preopen \"{host}\" (resolved to \"{resolved}\") is outside the folders this daemon allows ({string.Join(", ", allowedRoots)})");
    }

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static JsonRpcException Refused(string message) => WasmboxErrors.Create(WasmboxErrorTypes.LimitExceeded, message);

    /// <summary>realpath(3): the canonical absolute path, or null when some component does not exist.</summary>
    private static string? Resolve(string path)
    {
        if (path.Contains('\0')) return null;
        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            // realpath allocates with malloc; FreeHGlobal is free() on Unix.
            Marshal.FreeHGlobal(resolved);
        }
    }

    // DllImport rather than LibraryImport: the daemon's project compiles without unsafe code, and a
    // string argument (UTF-8 on Unix) with a pointer result needs no marshalling stub.
#pragma warning disable SYSLIB1054, CA2101
    [DllImport("libc", EntryPoint = "realpath", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr realpath(string path, IntPtr resolved);
#pragma warning restore SYSLIB1054, CA2101
}
