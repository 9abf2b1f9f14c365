using Iced.Intel;

namespace Wasmbox.Engine.Compiler.Emit;

/// <summary>Picks an instruction form by the size of a general-purpose register.</summary>
internal static class GprWidth
{
    public static Code Select(Register register, Code for64, Code for32)
    {
        if (register.IsGPR64())
            return for64;
        if (register.IsGPR32())
            return for32;
        throw NotSupported(register, "a 64- or 32-bit general-purpose register");
    }

    public static Code Select(Register register, Code for64, Code for32, Code for16, Code for8)
    {
        if (register.IsGPR64())
            return for64;
        if (register.IsGPR32())
            return for32;
        if (register.IsGPR16())
            return for16;
        if (register.IsGPR8())
            return for8;
        throw NotSupported(register, "a general-purpose register");
    }

    /// <summary>True for a 64-bit register, false for a 32-bit one; anything else throws.</summary>
    public static bool Is64Bit(Register register)
    {
        if (register.IsGPR64())
            return true;
        if (register.IsGPR32())
            return false;
        throw NotSupported(register, "a 64- or 32-bit general-purpose register");
    }

    /// <summary>The 32-bit register of a 64- or 32-bit one (rax -> eax): 32-bit writes zero the upper half, so it is the shorter way to write a zero-extended value.</summary>
    public static Register Low32(Register register)
    {
        if (register.IsGPR64() || register.IsGPR32())
            return register.GetFullRegister32();
        throw NotSupported(register, "a 64- or 32-bit general-purpose register");
    }

    public static ArgumentException NotSupported(Register register, string expected) =>
        new($"{register} is not {expected}.", nameof(register));
}
