using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// Which module's code lies at which address, so that the return addresses recorded at a trap can
/// be turned into wasm function names. Entries hold their code region weakly: the registry never
/// keeps code alive, and an entry whose region is gone (its address may be reused) never matches.
/// </summary>
internal static class CodeRegistry
{
    private sealed record Entry(nint Start, nint End, WeakReference<Native.CodeRegion> Region, WasmModule Module, int[] FunctionOffsets)
    {
        public bool IsLive => Region.TryGetTarget(out var region) && !region.IsDisposed;
    }

    private static readonly object Gate = new();
    private static Entry[] _entries = [];

    public static void Add(Native.CodeRegion region, int length, WasmModule module, int[] functionOffsets)
    {
        var entry = new Entry(region.Address, region.Address + length, new WeakReference<Native.CodeRegion>(region), module, functionOffsets);
        lock (Gate)
        {
            _entries = [.. _entries.Where(e => e.IsLive).Append(entry)];
        }
    }

    public static void Remove(nint start)
    {
        lock (Gate)
        {
            _entries = [.. _entries.Where(e => e.Start != start && e.IsLive)];
        }
    }

    /// <summary>Describes the wasm function containing <paramref name="pc"/>, or null when it is not wasm code.</summary>
    public static string? Describe(nint pc)
    {
        var entries = _entries;
        foreach (var entry in entries)
        {
            if (pc < entry.Start || pc >= entry.End || !entry.IsLive) continue;
            int offset = (int)(pc - entry.Start);
            int defined = Array.BinarySearch(entry.FunctionOffsets, offset);
            if (defined < 0) defined = ~defined - 1;
            if (defined < 0) return null;
            uint index = (uint)(entry.Module.ImportedFunctionCount + defined);
            string? name = entry.Module.GetFunctionName(index);
            string module = entry.Module.Names?.ModuleName is { } m ? m + "." : "";
            return name is null ? $"{module}func[{index}]" : $"{module}{name} (func[{index}])";
        }

        return null;
    }

    /// <summary>The wasm frames of the last trap on this thread, innermost first.</summary>
    public static IReadOnlyList<string> LastTrapStack() =>
        Stubs.TrapRecorder.LastTrapPcs.Select(pc => Describe(pc)).OfType<string>().ToArray();
}
