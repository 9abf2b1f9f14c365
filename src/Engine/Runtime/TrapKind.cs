namespace Wasmbox.Engine.Runtime;

/// <summary>Why wasm code stopped. The numbers travel in registers from JIT code, so 0 means "no trap".</summary>
public enum TrapKind
{
    None = 0,
    Unreachable = 1,
    IntegerDivideByZero = 2,
    IntegerOverflow = 3,
    InvalidConversionToInteger = 4,
    OutOfBoundsMemoryAccess = 5,
    OutOfBoundsTableAccess = 6,
    UndefinedElement = 7,
    UninitializedElement = 8,
    IndirectCallTypeMismatch = 9,
    CallStackExhausted = 10,
    HostError = 11,
    DeadlineExceeded = 12,

    /// <summary>The embedder cancelled the call (not a deadline, not a stack overflow).</summary>
    Interrupted = 13,
}

public static class TrapKindExtensions
{
    /// <summary>The message the spec test suite expects for each trap.</summary>
    public static string Message(this TrapKind kind) => kind switch
    {
        TrapKind.Unreachable => "unreachable",
        TrapKind.IntegerDivideByZero => "integer divide by zero",
        TrapKind.IntegerOverflow => "integer overflow",
        TrapKind.InvalidConversionToInteger => "invalid conversion to integer",
        TrapKind.OutOfBoundsMemoryAccess => "out of bounds memory access",
        TrapKind.OutOfBoundsTableAccess => "out of bounds table access",
        TrapKind.UndefinedElement => "undefined element",
        TrapKind.UninitializedElement => "uninitialized element",
        TrapKind.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapKind.CallStackExhausted => "call stack exhausted",
        TrapKind.HostError => "host function failed",
        TrapKind.DeadlineExceeded => "deadline exceeded",
        TrapKind.Interrupted => "interrupted",
        _ => $"trap {(int)kind}",
    };
}
