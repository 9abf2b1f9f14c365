using Iced.Intel;
using static Iced.Intel.Register;

namespace Wasmbox.Engine.Compiler;

/// <summary>
/// The temporary registers the compiler hands out to operand-stack values, per the JIT ABI:
/// rax, rcx, rdx, rsi, rdi, r8, r9, r10 and xmm0..xmm6. r11 and xmm7 are scratch for a single
/// instruction sequence; rbx, r12-r15, rbp and rsp are never temporaries.
/// </summary>
internal static class RegisterSet
{
    public static readonly Register[] Gprs = [RAX, RCX, RDX, RSI, RDI, R8, R9, R10];
    public static readonly Register[] Xmms = [XMM0, XMM1, XMM2, XMM3, XMM4, XMM5, XMM6];

    public const Register ScratchGpr = R11;
    public const Register ScratchXmm = XMM7;

    /// <summary>Bit of a temporary in the allocation masks: GPRs 0..7, XMMs 8..14.</summary>
    public static int Bit(Register register) => register switch
    {
        RAX => 0,
        RCX => 1,
        RDX => 2,
        RSI => 3,
        RDI => 4,
        R8 => 5,
        R9 => 6,
        R10 => 7,
        >= XMM0 and <= XMM6 => 8 + (register - XMM0),
        _ => throw new ArgumentOutOfRangeException(nameof(register), register, "not a temporary register"),
    };

    public static bool IsXmm(Register register) => register is >= XMM0 and <= XMM15;
}
