using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>
/// SSE scalar (and the bitwise packed) float operations of the form <c>op xmm, xmm/mem</c>: the
/// same <see cref="Code"/> serves a register or a memory source, so one table covers both.
/// </summary>
public enum SseOp
{
    Addss, Addsd,
    Subss, Subsd,
    Mulss, Mulsd,
    Divss, Divsd,
    Minss, Minsd,
    Maxss, Maxsd,
    Sqrtss, Sqrtsd,
    Ucomiss, Ucomisd,
    Cvtss2sd, Cvtsd2ss,
    Andps, Andpd,
    Andnps, Andnpd,
    Orps, Orpd,
    Xorps, Xorpd,
}

internal static class SseCodes
{
    public static Code Of(SseOp op) => op switch
    {
        SseOp.Addss => Code.Addss_xmm_xmmm32,
        SseOp.Addsd => Code.Addsd_xmm_xmmm64,
        SseOp.Subss => Code.Subss_xmm_xmmm32,
        SseOp.Subsd => Code.Subsd_xmm_xmmm64,
        SseOp.Mulss => Code.Mulss_xmm_xmmm32,
        SseOp.Mulsd => Code.Mulsd_xmm_xmmm64,
        SseOp.Divss => Code.Divss_xmm_xmmm32,
        SseOp.Divsd => Code.Divsd_xmm_xmmm64,
        SseOp.Minss => Code.Minss_xmm_xmmm32,
        SseOp.Minsd => Code.Minsd_xmm_xmmm64,
        SseOp.Maxss => Code.Maxss_xmm_xmmm32,
        SseOp.Maxsd => Code.Maxsd_xmm_xmmm64,
        SseOp.Sqrtss => Code.Sqrtss_xmm_xmmm32,
        SseOp.Sqrtsd => Code.Sqrtsd_xmm_xmmm64,
        SseOp.Ucomiss => Code.Ucomiss_xmm_xmmm32,
        SseOp.Ucomisd => Code.Ucomisd_xmm_xmmm64,
        SseOp.Cvtss2sd => Code.Cvtss2sd_xmm_xmmm32,
        SseOp.Cvtsd2ss => Code.Cvtsd2ss_xmm_xmmm64,
        SseOp.Andps => Code.Andps_xmm_xmmm128,
        SseOp.Andpd => Code.Andpd_xmm_xmmm128,
        SseOp.Andnps => Code.Andnps_xmm_xmmm128,
        SseOp.Andnpd => Code.Andnpd_xmm_xmmm128,
        SseOp.Orps => Code.Orps_xmm_xmmm128,
        SseOp.Orpd => Code.Orpd_xmm_xmmm128,
        SseOp.Xorps => Code.Xorps_xmm_xmmm128,
        SseOp.Xorpd => Code.Xorpd_xmm_xmmm128,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };
}
