using System.Collections.Concurrent;
using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// Process-wide ids for function signatures, so that call_indirect checks a callee's type with one
/// integer compare. Structurally equal signatures share an id, whichever module declared them.
/// </summary>
internal static class TypeRegistry
{
    private static readonly ConcurrentDictionary<FuncType, int> Ids = new();
    private static int _next;

    /// <summary>Never 0, so a zeroed FuncRef matches no signature.</summary>
    public static int IdOf(FuncType type) => Ids.GetOrAdd(type, static _ => Interlocked.Increment(ref _next));
}
