namespace Wasmbox.Engine.Runtime;

/// <summary>
/// Wasm code trapped. Carries the trap kind, the spec's message and the wasm stack at the trap,
/// innermost frame first.
/// </summary>
public sealed class TrapException : Exception
{
    public TrapException(TrapKind kind, IReadOnlyList<string> wasmStack, string? detail = null, Exception? inner = null)
        : base(FormatMessage(kind, detail), inner)
    {
        Kind = kind;
        WasmStack = wasmStack;
    }

    public TrapKind Kind { get; }

    /// <summary>The spec's words first; an element index follows them directly, as in "uninitialized element 2".</summary>
    private static string FormatMessage(TrapKind kind, string? detail) => detail switch
    {
        null => kind.Message(),
        _ when kind == TrapKind.UninitializedElement => $"{kind.Message()} {detail}",
        _ => $"{kind.Message()}: {detail}",
    };

    /// <summary>One line per wasm frame, innermost first: function index and name where the name section gives one.</summary>
    public IReadOnlyList<string> WasmStack { get; }

    public override string ToString() =>
        WasmStack.Count == 0 ? Message : Message + Environment.NewLine + string.Join(Environment.NewLine, WasmStack.Select(f => "  at " + f));
}
