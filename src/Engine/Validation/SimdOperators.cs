using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>
/// Signatures of the 0xFD-prefixed instructions except v128.const and i8x16.shuffle, whose 16-byte
/// immediates the body walk reads itself. Most SIMD operators are v128 v128 -> v128, so that is the
/// default for every defined opcode from 0x23 on; the table lists the exceptions.
/// </summary>
internal static class SimdOperators
{
    public const uint Const = 0x0C;
    public const uint Shuffle = 0x0D;

    private const ValType I32 = ValType.I32;
    private const ValType I64 = ValType.I64;
    private const ValType F32 = ValType.F32;
    private const ValType F64 = ValType.F64;
    private const ValType V = ValType.V128;

    /// <summary>Indexed by sub-opcode; <see cref="OperatorKind.None"/> marks an illegal one (and the two above).</summary>
    public static readonly Operator[] Table = Build();

    private static Operator[] Build()
    {
        var t = new Operator[256];

        // Loads: v128.load, the extending loads (8 bytes), the splats and the zero-filling loads.
        t[0x00] = Operator.Load(V, 4);
        for (int op = 0x01; op <= 0x06; op++) t[op] = Operator.Load(V, 3);
        t[0x07] = Operator.Load(V, 0);
        t[0x08] = Operator.Load(V, 1);
        t[0x09] = Operator.Load(V, 2);
        t[0x0A] = Operator.Load(V, 3);
        t[0x0B] = Operator.Store(V, 4);
        t[0x5C] = Operator.Load(V, 2);
        t[0x5D] = Operator.Load(V, 3);

        // Lane loads and stores: the lane index counts lanes of the access width.
        for (int i = 0; i < 4; i++)
        {
            byte lanes = (byte)(16 >> i);
            t[0x54 + i] = new Operator(OperatorKind.MemoryLane, I32, V, 0, V, lanes, (byte)i);
            t[0x58 + i] = new Operator(OperatorKind.MemoryLane, I32, V, 0, 0, lanes, (byte)i);
        }

        t[0x0E] = Operator.Binary(V, V, V);
        t[0x0F] = t[0x10] = t[0x11] = Operator.Unary(I32, V);
        t[0x12] = Operator.Unary(I64, V);
        t[0x13] = Operator.Unary(F32, V);
        t[0x14] = Operator.Unary(F64, V);

        Extract(t, 0x15, 16, I32);
        Extract(t, 0x16, 16, I32);
        Replace(t, 0x17, 16, I32);
        Extract(t, 0x18, 8, I32);
        Extract(t, 0x19, 8, I32);
        Replace(t, 0x1A, 8, I32);
        Extract(t, 0x1B, 4, I32);
        Replace(t, 0x1C, 4, I32);
        Extract(t, 0x1D, 2, I64);
        Replace(t, 0x1E, 2, I64);
        Extract(t, 0x1F, 4, F32);
        Replace(t, 0x20, 4, F32);
        Extract(t, 0x21, 2, F64);
        Replace(t, 0x22, 2, F64);

        var defined = OpcodeTable.Simd;
        for (int op = 0x23; op < 256; op++)
        {
            if (defined[op] is not null && t[op].Kind == OperatorKind.None) t[op] = Operator.Binary(V, V, V);
        }

        int[] unary =
        [
            0x4D, 0x5E, 0x5F, 0x60, 0x61, 0x62, 0x67, 0x68, 0x69, 0x6A, 0x74, 0x75, 0x7A, 0x7C, 0x7D, 0x7E, 0x7F,
            0x80, 0x81, 0x87, 0x88, 0x89, 0x8A, 0x94, 0xA0, 0xA1, 0xA7, 0xA8, 0xA9, 0xAA,
            0xC0, 0xC1, 0xC7, 0xC8, 0xC9, 0xCA, 0xE0, 0xE1, 0xE3, 0xEC, 0xED, 0xEF,
            0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF,
        ];
        foreach (int op in unary) t[op] = Operator.Unary(V, V);

        // any_true, all_true and bitmask reduce a vector to an i32.
        foreach (int op in (int[])[0x53, 0x63, 0x64, 0x83, 0x84, 0xA3, 0xA4, 0xC3, 0xC4]) t[op] = Operator.Unary(V, I32);

        // Shifts take the count as an i32.
        foreach (int op in (int[])[0x6B, 0x6C, 0x6D, 0x8B, 0x8C, 0x8D, 0xAB, 0xAC, 0xAD, 0xCB, 0xCC, 0xCD]) t[op] = Operator.Binary(V, I32, V);

        t[0x52] = new Operator(OperatorKind.Plain, V, V, V, V); // v128.bitselect
        return t;
    }

    private static void Extract(Operator[] t, int op, byte lanes, ValType result) =>
        t[op] = new Operator(OperatorKind.Lane, V, 0, 0, result, lanes);

    private static void Replace(Operator[] t, int op, byte lanes, ValType scalar) =>
        t[op] = new Operator(OperatorKind.Lane, V, scalar, 0, V, lanes);
}
