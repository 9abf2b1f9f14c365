using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>Iced's <see cref="Code"/> for setcc and cmovcc, indexed by the x86 condition field.</summary>
internal static class ConditionalCodes
{
    private static readonly Code[] SetccByField =
    [
        Code.Seto_rm8, Code.Setno_rm8, Code.Setb_rm8, Code.Setae_rm8,
        Code.Sete_rm8, Code.Setne_rm8, Code.Setbe_rm8, Code.Seta_rm8,
        Code.Sets_rm8, Code.Setns_rm8, Code.Setp_rm8, Code.Setnp_rm8,
        Code.Setl_rm8, Code.Setge_rm8, Code.Setle_rm8, Code.Setg_rm8,
    ];

    private static readonly Code[] Cmovcc64ByField =
    [
        Code.Cmovo_r64_rm64, Code.Cmovno_r64_rm64, Code.Cmovb_r64_rm64, Code.Cmovae_r64_rm64,
        Code.Cmove_r64_rm64, Code.Cmovne_r64_rm64, Code.Cmovbe_r64_rm64, Code.Cmova_r64_rm64,
        Code.Cmovs_r64_rm64, Code.Cmovns_r64_rm64, Code.Cmovp_r64_rm64, Code.Cmovnp_r64_rm64,
        Code.Cmovl_r64_rm64, Code.Cmovge_r64_rm64, Code.Cmovle_r64_rm64, Code.Cmovg_r64_rm64,
    ];

    private static readonly Code[] Cmovcc32ByField =
    [
        Code.Cmovo_r32_rm32, Code.Cmovno_r32_rm32, Code.Cmovb_r32_rm32, Code.Cmovae_r32_rm32,
        Code.Cmove_r32_rm32, Code.Cmovne_r32_rm32, Code.Cmovbe_r32_rm32, Code.Cmova_r32_rm32,
        Code.Cmovs_r32_rm32, Code.Cmovns_r32_rm32, Code.Cmovp_r32_rm32, Code.Cmovnp_r32_rm32,
        Code.Cmovl_r32_rm32, Code.Cmovge_r32_rm32, Code.Cmovle_r32_rm32, Code.Cmovg_r32_rm32,
    ];

    public static Code Setcc(ConditionCode condition) => SetccByField[condition.ToX86Field()];

    public static Code Cmovcc(ConditionCode condition, bool is64Bit) =>
        (is64Bit ? Cmovcc64ByField : Cmovcc32ByField)[condition.ToX86Field()];
}
