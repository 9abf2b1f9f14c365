using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Wasmbox.Daemon.Sessions;

namespace Wasmbox.Daemon.Wasi;

/// <summary>
/// The streamed stdins of each session's WASI instances, by instance id, for <c>instance/stdin</c>.
/// Kept beside the session (not in it) and dropped with it; an instance's entry goes when its
/// imports are disposed.
/// </summary>
internal static class WasiSessions
{
    private static readonly ConditionalWeakTable<Session, ConcurrentDictionary<string, StdinBuffer>> Stdins = new();

    public static ConcurrentDictionary<string, StdinBuffer> StdinsOf(Session session) => Stdins.GetOrCreateValue(session);
}
