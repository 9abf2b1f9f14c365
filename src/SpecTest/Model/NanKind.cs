namespace Wasmbox.SpecTest.Model;

/// <summary>The two NaN results the spec allows an assertion to expect (wast's <c>nan:canonical</c> and <c>nan:arithmetic</c>).</summary>
public enum NanKind
{
    /// <summary>Sign bit free, exponent all ones, and only the most significant payload bit set.</summary>
    Canonical,

    /// <summary>Sign bit free, exponent all ones, most significant payload bit set, other payload bits free.</summary>
    Arithmetic,
}

public static class NanKinds
{
    public static string ToName(this NanKind kind) => kind == NanKind.Canonical ? "nan:canonical" : "nan:arithmetic";

    public static bool MatchesF32(this NanKind kind, uint bits) => kind == NanKind.Canonical
        ? (bits & 0x7FFF_FFFFu) == 0x7FC0_0000u
        : (bits & 0x7FC0_0000u) == 0x7FC0_0000u;

    public static bool MatchesF64(this NanKind kind, ulong bits) => kind == NanKind.Canonical
        ? (bits & 0x7FFF_FFFF_FFFF_FFFFUL) == 0x7FF8_0000_0000_0000UL
        : (bits & 0x7FF8_0000_0000_0000UL) == 0x7FF8_0000_0000_0000UL;
}
