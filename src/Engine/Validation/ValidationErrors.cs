using System.Diagnostics.CodeAnalysis;
using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>
/// Throw helpers, kept out of line so the body walk stays small. Reasons start with the words of the
/// spec test suite; indices follow, as the reference interpreter prints them.
/// </summary>
internal static class ValidationErrors
{
    [DoesNotReturn]
    public static void Throw(string reason, int offset, int functionIndex = -1) =>
        throw new InvalidModuleException(reason, offset, functionIndex);

    [DoesNotReturn]
    public static void Unknown(string kind, uint index, int offset, int functionIndex = -1) =>
        throw new InvalidModuleException($"unknown {kind} {index}", offset, functionIndex);

    [DoesNotReturn]
    public static void TypeMismatch(ValType expected, ValType actual, int offset, int functionIndex) =>
        throw new InvalidModuleException(
            $"type mismatch: instruction requires {(expected == 0 ? "a value" : expected.ToWat())} but stack has {Describe(actual)}",
            offset,
            functionIndex);

    [DoesNotReturn]
    public static void TypeMismatch(string detail, int offset, int functionIndex = -1) =>
        throw new InvalidModuleException($"type mismatch: {detail}", offset, functionIndex);

    /// <summary>Names a stack slot for a message; 0 is a slot the stack does not have.</summary>
    public static string Describe(ValType type) => type == 0 ? "nothing" : type.ToWat();
}
