using System.Runtime.InteropServices;

namespace Wasmbox.Engine.Tests.Runtime.Native;

/// <summary>Tiny x86-64 functions for publishing tests, and a way to call them.</summary>
internal static class MachineCode
{
    /// <summary><c>int f()</c>, the System V signature of the functions below.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int IntFunction();

    /// <summary><c>mov eax, value; ret</c></summary>
    public static byte[] Return(int value)
    {
        var code = new byte[6];
        code[0] = 0xB8;
        BitConverter.TryWriteBytes(code.AsSpan(1), value);
        code[5] = 0xC3;
        return code;
    }

    /// <summary>
    /// Calls the code at <paramref name="address"/> as <c>int f()</c>. (The test project does not
    /// allow unsafe code, so this goes through a marshalled delegate rather than <c>delegate* unmanaged&lt;int&gt;</c>.)
    /// </summary>
    public static int Call(nint address) => Marshal.GetDelegateForFunctionPointer<IntFunction>(address)();
}
