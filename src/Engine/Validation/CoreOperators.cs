using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>
/// Signatures of the single-byte loads, stores and numeric operators, and of the saturating
/// truncations behind 0xFC: one table lookup replaces a case per opcode in the body walk.
/// </summary>
internal static class CoreOperators
{
    private const ValType I32 = ValType.I32;
    private const ValType I64 = ValType.I64;
    private const ValType F32 = ValType.F32;
    private const ValType F64 = ValType.F64;

    /// <summary>Indexed by opcode; <see cref="OperatorKind.None"/> for opcodes handled elsewhere.</summary>
    public static readonly Operator[] Core = BuildCore();

    /// <summary>0xFC 0x00..0x07.</summary>
    public static readonly Operator[] SaturatingTruncations =
    [
        Operator.Unary(F32, I32), Operator.Unary(F32, I32), Operator.Unary(F64, I32), Operator.Unary(F64, I32),
        Operator.Unary(F32, I64), Operator.Unary(F32, I64), Operator.Unary(F64, I64), Operator.Unary(F64, I64),
    ];

    private static Operator[] BuildCore()
    {
        var t = new Operator[256];

        t[0x28] = Operator.Load(I32, 2);
        t[0x29] = Operator.Load(I64, 3);
        t[0x2A] = Operator.Load(F32, 2);
        t[0x2B] = Operator.Load(F64, 3);
        t[0x2C] = t[0x2D] = Operator.Load(I32, 0);
        t[0x2E] = t[0x2F] = Operator.Load(I32, 1);
        t[0x30] = t[0x31] = Operator.Load(I64, 0);
        t[0x32] = t[0x33] = Operator.Load(I64, 1);
        t[0x34] = t[0x35] = Operator.Load(I64, 2);
        t[0x36] = Operator.Store(I32, 2);
        t[0x37] = Operator.Store(I64, 3);
        t[0x38] = Operator.Store(F32, 2);
        t[0x39] = Operator.Store(F64, 3);
        t[0x3A] = Operator.Store(I32, 0);
        t[0x3B] = Operator.Store(I32, 1);
        t[0x3C] = Operator.Store(I64, 0);
        t[0x3D] = Operator.Store(I64, 1);
        t[0x3E] = Operator.Store(I64, 2);

        t[0x45] = Operator.Unary(I32, I32);
        Fill(t, 0x46, 0x4F, Operator.Binary(I32, I32, I32));
        t[0x50] = Operator.Unary(I64, I32);
        Fill(t, 0x51, 0x5A, Operator.Binary(I64, I64, I32));
        Fill(t, 0x5B, 0x60, Operator.Binary(F32, F32, I32));
        Fill(t, 0x61, 0x66, Operator.Binary(F64, F64, I32));

        Fill(t, 0x67, 0x69, Operator.Unary(I32, I32));
        Fill(t, 0x6A, 0x78, Operator.Binary(I32, I32, I32));
        Fill(t, 0x79, 0x7B, Operator.Unary(I64, I64));
        Fill(t, 0x7C, 0x8A, Operator.Binary(I64, I64, I64));
        Fill(t, 0x8B, 0x91, Operator.Unary(F32, F32));
        Fill(t, 0x92, 0x98, Operator.Binary(F32, F32, F32));
        Fill(t, 0x99, 0x9F, Operator.Unary(F64, F64));
        Fill(t, 0xA0, 0xA6, Operator.Binary(F64, F64, F64));

        t[0xA7] = Operator.Unary(I64, I32);
        Fill(t, 0xA8, 0xA9, Operator.Unary(F32, I32));
        Fill(t, 0xAA, 0xAB, Operator.Unary(F64, I32));
        Fill(t, 0xAC, 0xAD, Operator.Unary(I32, I64));
        Fill(t, 0xAE, 0xAF, Operator.Unary(F32, I64));
        Fill(t, 0xB0, 0xB1, Operator.Unary(F64, I64));
        Fill(t, 0xB2, 0xB3, Operator.Unary(I32, F32));
        Fill(t, 0xB4, 0xB5, Operator.Unary(I64, F32));
        t[0xB6] = Operator.Unary(F64, F32);
        Fill(t, 0xB7, 0xB8, Operator.Unary(I32, F64));
        Fill(t, 0xB9, 0xBA, Operator.Unary(I64, F64));
        t[0xBB] = Operator.Unary(F32, F64);
        t[0xBC] = Operator.Unary(F32, I32);
        t[0xBD] = Operator.Unary(F64, I64);
        t[0xBE] = Operator.Unary(I32, F32);
        t[0xBF] = Operator.Unary(I64, F64);
        Fill(t, 0xC0, 0xC1, Operator.Unary(I32, I32));
        Fill(t, 0xC2, 0xC4, Operator.Unary(I64, I64));
        return t;
    }

    private static void Fill(Operator[] t, int first, int last, Operator op)
    {
        for (int i = first; i <= last; i++) t[i] = op;
    }
}
