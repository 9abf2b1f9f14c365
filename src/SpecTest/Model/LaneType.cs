namespace Wasmbox.SpecTest.Model;

/// <summary>How a script spells out a v128 value: as lanes of this shape.</summary>
public enum LaneType
{
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
}

public static class LaneTypes
{
    public static int BitWidth(this LaneType lane) => lane switch
    {
        LaneType.I8 => 8,
        LaneType.I16 => 16,
        LaneType.I32 or LaneType.F32 => 32,
        LaneType.I64 or LaneType.F64 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(lane), lane, null),
    };

    public static int LaneCount(this LaneType lane) => 128 / lane.BitWidth();

    public static bool IsFloat(this LaneType lane) => lane is LaneType.F32 or LaneType.F64;

    public static string ToName(this LaneType lane) => lane.ToString().ToLowerInvariant();

    public static bool TryParse(string name, out LaneType lane) =>
        Enum.TryParse(name, ignoreCase: true, out lane) && Enum.IsDefined(lane) && name == lane.ToName();

    /// <summary>Extracts lane <paramref name="index"/> (lane 0 = least significant bits, as wasm numbers them).</summary>
    public static ulong GetLane(this LaneType lane, UInt128 bits, int index)
    {
        var width = lane.BitWidth();
        var mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        return (ulong)(bits >> (index * width)) & mask;
    }
}
