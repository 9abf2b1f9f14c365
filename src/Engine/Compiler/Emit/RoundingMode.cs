namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>The rounding-control immediate of SSE4.1 roundss/roundsd (wasm's nearest/floor/ceil/trunc).</summary>
public enum RoundingMode : byte
{
    ToNearestEven = 0,
    Down = 1,
    Up = 2,
    TowardZero = 3,
}
