using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// Which module's code lies at which address, so that the return addresses recorded at a trap can
/// be turned into wasm function names. A module registers its code when instantiated and leaves
/// when its code is freed.
/// </summary>
internal static class CodeRegistry
{
    private sealed record Entry(nint Start, nint End, WasmModule Module, int[] FunctionOffsets);

    private static readonly object Gate = new();
    private static Entry[] _entries = [];

    public static void Add(nint start, int length, WasmModule module, int[] functionOffsets)
    {
        lock (Gate)
        {
            _entries = [.. _entries.Append(new Entry(start, start + length, module, functionOffsets)).OrderBy(e => e.Start)];
        }
    }

    public static void Remove(nint start)
    {
        lock (Gate)
        {
            _entries = [.. _entries.Where(e => e.Start != start)];
        }
    }

    /// <summary>Describes the wasm function containing <paramref name="pc"/>, or null when it is not wasm code.</summary>
    public static string? Describe(nint pc)
    {
        var entries = _entries;
        foreach (var entry in entries)
        {
            if (pc < entry.Start || pc >= entry.End) continue;
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
