// Per-opcode facts shared by every walker of function bodies: the text-format name (for messages
// and disassembly) and the shape of the immediates that follow the opcode.
namespace Wasmbox.Engine.Binary;

/// <summary>What follows an opcode in the binary.</summary>
public enum ImmediateKind : byte
{
    None,
    /// <summary>A block type: 0x40, a value type, or a signed 33-bit type index.</summary>
    BlockType,
    /// <summary>One u32 index (label, function, local, global, table, data or element).</summary>
    Index,
    /// <summary>A vector of label indices followed by the default label.</summary>
    BrTable,
    /// <summary>A type index followed by a table index.</summary>
    CallIndirect,
    /// <summary>Alignment exponent and offset.</summary>
    MemArg,
    /// <summary>One reserved 0x00 byte (a memory index that must be zero).</summary>
    ZeroByte,
    /// <summary>Two reserved 0x00 bytes (memory.copy).</summary>
    ZeroZero,
    /// <summary>A data index followed by a reserved 0x00 byte (memory.init).</summary>
    IndexZero,
    /// <summary>Two u32 indices (table.init, table.copy).</summary>
    TwoIndices,
    I32,
    I64,
    F32,
    F64,
    /// <summary>A vector of value types (typed select).</summary>
    SelectTypes,
    /// <summary>A reference type byte (ref.null).</summary>
    HeapType,
    /// <summary>Sixteen raw bytes (v128.const).</summary>
    V128,
    /// <summary>Sixteen lane indices (i8x16.shuffle).</summary>
    Shuffle,
    /// <summary>One lane index byte.</summary>
    Lane,
    /// <summary>A memarg followed by a lane index byte.</summary>
    MemArgLane,
}

/// <summary>Name and immediate shape of one opcode.</summary>
public readonly record struct OpcodeInfo(string Name, ImmediateKind Immediate);

public static class OpcodeTable
{
    /// <summary>Single-byte opcodes, indexed by opcode; <c>null</c> names mark unused encodings.</summary>
    public static readonly OpcodeInfo?[] Core = BuildCore();

    /// <summary>0xFC-prefixed opcodes, indexed by sub-opcode.</summary>
    public static readonly OpcodeInfo?[] Misc = BuildMisc();

    /// <summary>0xFD-prefixed opcodes, indexed by sub-opcode.</summary>
    public static readonly OpcodeInfo?[] Simd = BuildSimd();

    private static void Set(OpcodeInfo?[] t, int code, string name, ImmediateKind immediate) => t[code] = new OpcodeInfo(name, immediate);

    private static OpcodeInfo?[] BuildCore()
    {
        var t = new OpcodeInfo?[256];
        Set(t, 0x00, "unreachable", ImmediateKind.None);
        Set(t, 0x01, "nop", ImmediateKind.None);
        Set(t, 0x02, "block", ImmediateKind.BlockType);
        Set(t, 0x03, "loop", ImmediateKind.BlockType);
        Set(t, 0x04, "if", ImmediateKind.BlockType);
        Set(t, 0x05, "else", ImmediateKind.None);
        Set(t, 0x0B, "end", ImmediateKind.None);
        Set(t, 0x0C, "br", ImmediateKind.Index);
        Set(t, 0x0D, "br_if", ImmediateKind.Index);
        Set(t, 0x0E, "br_table", ImmediateKind.BrTable);
        Set(t, 0x0F, "return", ImmediateKind.None);
        Set(t, 0x10, "call", ImmediateKind.Index);
        Set(t, 0x11, "call_indirect", ImmediateKind.CallIndirect);
        Set(t, 0x1A, "drop", ImmediateKind.None);
        Set(t, 0x1B, "select", ImmediateKind.None);
        Set(t, 0x1C, "select_t", ImmediateKind.SelectTypes);
        Set(t, 0x20, "local.get", ImmediateKind.Index);
        Set(t, 0x21, "local.set", ImmediateKind.Index);
        Set(t, 0x22, "local.tee", ImmediateKind.Index);
        Set(t, 0x23, "global.get", ImmediateKind.Index);
        Set(t, 0x24, "global.set", ImmediateKind.Index);
        Set(t, 0x25, "table.get", ImmediateKind.Index);
        Set(t, 0x26, "table.set", ImmediateKind.Index);
        Set(t, 0x28, "i32.load", ImmediateKind.MemArg);
        Set(t, 0x29, "i64.load", ImmediateKind.MemArg);
        Set(t, 0x2A, "f32.load", ImmediateKind.MemArg);
        Set(t, 0x2B, "f64.load", ImmediateKind.MemArg);
        Set(t, 0x2C, "i32.load8_s", ImmediateKind.MemArg);
        Set(t, 0x2D, "i32.load8_u", ImmediateKind.MemArg);
        Set(t, 0x2E, "i32.load16_s", ImmediateKind.MemArg);
        Set(t, 0x2F, "i32.load16_u", ImmediateKind.MemArg);
        Set(t, 0x30, "i64.load8_s", ImmediateKind.MemArg);
        Set(t, 0x31, "i64.load8_u", ImmediateKind.MemArg);
        Set(t, 0x32, "i64.load16_s", ImmediateKind.MemArg);
        Set(t, 0x33, "i64.load16_u", ImmediateKind.MemArg);
        Set(t, 0x34, "i64.load32_s", ImmediateKind.MemArg);
        Set(t, 0x35, "i64.load32_u", ImmediateKind.MemArg);
        Set(t, 0x36, "i32.store", ImmediateKind.MemArg);
        Set(t, 0x37, "i64.store", ImmediateKind.MemArg);
        Set(t, 0x38, "f32.store", ImmediateKind.MemArg);
        Set(t, 0x39, "f64.store", ImmediateKind.MemArg);
        Set(t, 0x3A, "i32.store8", ImmediateKind.MemArg);
        Set(t, 0x3B, "i32.store16", ImmediateKind.MemArg);
        Set(t, 0x3C, "i64.store8", ImmediateKind.MemArg);
        Set(t, 0x3D, "i64.store16", ImmediateKind.MemArg);
        Set(t, 0x3E, "i64.store32", ImmediateKind.MemArg);
        Set(t, 0x3F, "memory.size", ImmediateKind.ZeroByte);
        Set(t, 0x40, "memory.grow", ImmediateKind.ZeroByte);
        Set(t, 0x41, "i32.const", ImmediateKind.I32);
        Set(t, 0x42, "i64.const", ImmediateKind.I64);
        Set(t, 0x43, "f32.const", ImmediateKind.F32);
        Set(t, 0x44, "f64.const", ImmediateKind.F64);
        Set(t, 0x45, "i32.eqz", ImmediateKind.None);
        Set(t, 0x46, "i32.eq", ImmediateKind.None);
        Set(t, 0x47, "i32.ne", ImmediateKind.None);
        Set(t, 0x48, "i32.lt_s", ImmediateKind.None);
        Set(t, 0x49, "i32.lt_u", ImmediateKind.None);
        Set(t, 0x4A, "i32.gt_s", ImmediateKind.None);
        Set(t, 0x4B, "i32.gt_u", ImmediateKind.None);
        Set(t, 0x4C, "i32.le_s", ImmediateKind.None);
        Set(t, 0x4D, "i32.le_u", ImmediateKind.None);
        Set(t, 0x4E, "i32.ge_s", ImmediateKind.None);
        Set(t, 0x4F, "i32.ge_u", ImmediateKind.None);
        Set(t, 0x50, "i64.eqz", ImmediateKind.None);
        Set(t, 0x51, "i64.eq", ImmediateKind.None);
        Set(t, 0x52, "i64.ne", ImmediateKind.None);
        Set(t, 0x53, "i64.lt_s", ImmediateKind.None);
        Set(t, 0x54, "i64.lt_u", ImmediateKind.None);
        Set(t, 0x55, "i64.gt_s", ImmediateKind.None);
        Set(t, 0x56, "i64.gt_u", ImmediateKind.None);
        Set(t, 0x57, "i64.le_s", ImmediateKind.None);
        Set(t, 0x58, "i64.le_u", ImmediateKind.None);
        Set(t, 0x59, "i64.ge_s", ImmediateKind.None);
        Set(t, 0x5A, "i64.ge_u", ImmediateKind.None);
        Set(t, 0x5B, "f32.eq", ImmediateKind.None);
        Set(t, 0x5C, "f32.ne", ImmediateKind.None);
        Set(t, 0x5D, "f32.lt", ImmediateKind.None);
        Set(t, 0x5E, "f32.gt", ImmediateKind.None);
        Set(t, 0x5F, "f32.le", ImmediateKind.None);
        Set(t, 0x60, "f32.ge", ImmediateKind.None);
        Set(t, 0x61, "f64.eq", ImmediateKind.None);
        Set(t, 0x62, "f64.ne", ImmediateKind.None);
        Set(t, 0x63, "f64.lt", ImmediateKind.None);
        Set(t, 0x64, "f64.gt", ImmediateKind.None);
        Set(t, 0x65, "f64.le", ImmediateKind.None);
        Set(t, 0x66, "f64.ge", ImmediateKind.None);
        Set(t, 0x67, "i32.clz", ImmediateKind.None);
        Set(t, 0x68, "i32.ctz", ImmediateKind.None);
        Set(t, 0x69, "i32.popcnt", ImmediateKind.None);
        Set(t, 0x6A, "i32.add", ImmediateKind.None);
        Set(t, 0x6B, "i32.sub", ImmediateKind.None);
        Set(t, 0x6C, "i32.mul", ImmediateKind.None);
        Set(t, 0x6D, "i32.div_s", ImmediateKind.None);
        Set(t, 0x6E, "i32.div_u", ImmediateKind.None);
        Set(t, 0x6F, "i32.rem_s", ImmediateKind.None);
        Set(t, 0x70, "i32.rem_u", ImmediateKind.None);
        Set(t, 0x71, "i32.and", ImmediateKind.None);
        Set(t, 0x72, "i32.or", ImmediateKind.None);
        Set(t, 0x73, "i32.xor", ImmediateKind.None);
        Set(t, 0x74, "i32.shl", ImmediateKind.None);
        Set(t, 0x75, "i32.shr_s", ImmediateKind.None);
        Set(t, 0x76, "i32.shr_u", ImmediateKind.None);
        Set(t, 0x77, "i32.rotl", ImmediateKind.None);
        Set(t, 0x78, "i32.rotr", ImmediateKind.None);
        Set(t, 0x79, "i64.clz", ImmediateKind.None);
        Set(t, 0x7A, "i64.ctz", ImmediateKind.None);
        Set(t, 0x7B, "i64.popcnt", ImmediateKind.None);
        Set(t, 0x7C, "i64.add", ImmediateKind.None);
        Set(t, 0x7D, "i64.sub", ImmediateKind.None);
        Set(t, 0x7E, "i64.mul", ImmediateKind.None);
        Set(t, 0x7F, "i64.div_s", ImmediateKind.None);
        Set(t, 0x80, "i64.div_u", ImmediateKind.None);
        Set(t, 0x81, "i64.rem_s", ImmediateKind.None);
        Set(t, 0x82, "i64.rem_u", ImmediateKind.None);
        Set(t, 0x83, "i64.and", ImmediateKind.None);
        Set(t, 0x84, "i64.or", ImmediateKind.None);
        Set(t, 0x85, "i64.xor", ImmediateKind.None);
        Set(t, 0x86, "i64.shl", ImmediateKind.None);
        Set(t, 0x87, "i64.shr_s", ImmediateKind.None);
        Set(t, 0x88, "i64.shr_u", ImmediateKind.None);
        Set(t, 0x89, "i64.rotl", ImmediateKind.None);
        Set(t, 0x8A, "i64.rotr", ImmediateKind.None);
        Set(t, 0x8B, "f32.abs", ImmediateKind.None);
        Set(t, 0x8C, "f32.neg", ImmediateKind.None);
        Set(t, 0x8D, "f32.ceil", ImmediateKind.None);
        Set(t, 0x8E, "f32.floor", ImmediateKind.None);
        Set(t, 0x8F, "f32.trunc", ImmediateKind.None);
        Set(t, 0x90, "f32.nearest", ImmediateKind.None);
        Set(t, 0x91, "f32.sqrt", ImmediateKind.None);
        Set(t, 0x92, "f32.add", ImmediateKind.None);
        Set(t, 0x93, "f32.sub", ImmediateKind.None);
        Set(t, 0x94, "f32.mul", ImmediateKind.None);
        Set(t, 0x95, "f32.div", ImmediateKind.None);
        Set(t, 0x96, "f32.min", ImmediateKind.None);
        Set(t, 0x97, "f32.max", ImmediateKind.None);
        Set(t, 0x98, "f32.copysign", ImmediateKind.None);
        Set(t, 0x99, "f64.abs", ImmediateKind.None);
        Set(t, 0x9A, "f64.neg", ImmediateKind.None);
        Set(t, 0x9B, "f64.ceil", ImmediateKind.None);
        Set(t, 0x9C, "f64.floor", ImmediateKind.None);
        Set(t, 0x9D, "f64.trunc", ImmediateKind.None);
        Set(t, 0x9E, "f64.nearest", ImmediateKind.None);
        Set(t, 0x9F, "f64.sqrt", ImmediateKind.None);
        Set(t, 0xA0, "f64.add", ImmediateKind.None);
        Set(t, 0xA1, "f64.sub", ImmediateKind.None);
        Set(t, 0xA2, "f64.mul", ImmediateKind.None);
        Set(t, 0xA3, "f64.div", ImmediateKind.None);
        Set(t, 0xA4, "f64.min", ImmediateKind.None);
        Set(t, 0xA5, "f64.max", ImmediateKind.None);
        Set(t, 0xA6, "f64.copysign", ImmediateKind.None);
        Set(t, 0xA7, "i32.wrap_i64", ImmediateKind.None);
        Set(t, 0xA8, "i32.trunc_f32_s", ImmediateKind.None);
        Set(t, 0xA9, "i32.trunc_f32_u", ImmediateKind.None);
        Set(t, 0xAA, "i32.trunc_f64_s", ImmediateKind.None);
        Set(t, 0xAB, "i32.trunc_f64_u", ImmediateKind.None);
        Set(t, 0xAC, "i64.extend_i32_s", ImmediateKind.None);
        Set(t, 0xAD, "i64.extend_i32_u", ImmediateKind.None);
        Set(t, 0xAE, "i64.trunc_f32_s", ImmediateKind.None);
        Set(t, 0xAF, "i64.trunc_f32_u", ImmediateKind.None);
        Set(t, 0xB0, "i64.trunc_f64_s", ImmediateKind.None);
        Set(t, 0xB1, "i64.trunc_f64_u", ImmediateKind.None);
        Set(t, 0xB2, "f32.convert_i32_s", ImmediateKind.None);
        Set(t, 0xB3, "f32.convert_i32_u", ImmediateKind.None);
        Set(t, 0xB4, "f32.convert_i64_s", ImmediateKind.None);
        Set(t, 0xB5, "f32.convert_i64_u", ImmediateKind.None);
        Set(t, 0xB6, "f32.demote_f64", ImmediateKind.None);
        Set(t, 0xB7, "f64.convert_i32_s", ImmediateKind.None);
        Set(t, 0xB8, "f64.convert_i32_u", ImmediateKind.None);
        Set(t, 0xB9, "f64.convert_i64_s", ImmediateKind.None);
        Set(t, 0xBA, "f64.convert_i64_u", ImmediateKind.None);
        Set(t, 0xBB, "f64.promote_f32", ImmediateKind.None);
        Set(t, 0xBC, "i32.reinterpret_f32", ImmediateKind.None);
        Set(t, 0xBD, "i64.reinterpret_f64", ImmediateKind.None);
        Set(t, 0xBE, "f32.reinterpret_i32", ImmediateKind.None);
        Set(t, 0xBF, "f64.reinterpret_i64", ImmediateKind.None);
        Set(t, 0xC0, "i32.extend8_s", ImmediateKind.None);
        Set(t, 0xC1, "i32.extend16_s", ImmediateKind.None);
        Set(t, 0xC2, "i64.extend8_s", ImmediateKind.None);
        Set(t, 0xC3, "i64.extend16_s", ImmediateKind.None);
        Set(t, 0xC4, "i64.extend32_s", ImmediateKind.None);
        Set(t, 0xD0, "ref.null", ImmediateKind.HeapType);
        Set(t, 0xD1, "ref.is_null", ImmediateKind.None);
        Set(t, 0xD2, "ref.func", ImmediateKind.Index);
        return t;
    }

    private static OpcodeInfo?[] BuildMisc()
    {
        var t = new OpcodeInfo?[18];
        Set(t, 0x00, "i32.trunc_sat_f32_s", ImmediateKind.None);
        Set(t, 0x01, "i32.trunc_sat_f32_u", ImmediateKind.None);
        Set(t, 0x02, "i32.trunc_sat_f64_s", ImmediateKind.None);
        Set(t, 0x03, "i32.trunc_sat_f64_u", ImmediateKind.None);
        Set(t, 0x04, "i64.trunc_sat_f32_s", ImmediateKind.None);
        Set(t, 0x05, "i64.trunc_sat_f32_u", ImmediateKind.None);
        Set(t, 0x06, "i64.trunc_sat_f64_s", ImmediateKind.None);
        Set(t, 0x07, "i64.trunc_sat_f64_u", ImmediateKind.None);
        Set(t, 0x08, "memory.init", ImmediateKind.IndexZero);
        Set(t, 0x09, "data.drop", ImmediateKind.Index);
        Set(t, 0x0A, "memory.copy", ImmediateKind.ZeroZero);
        Set(t, 0x0B, "memory.fill", ImmediateKind.ZeroByte);
        Set(t, 0x0C, "table.init", ImmediateKind.TwoIndices);
        Set(t, 0x0D, "elem.drop", ImmediateKind.Index);
        Set(t, 0x0E, "table.copy", ImmediateKind.TwoIndices);
        Set(t, 0x0F, "table.grow", ImmediateKind.Index);
        Set(t, 0x10, "table.size", ImmediateKind.Index);
        Set(t, 0x11, "table.fill", ImmediateKind.Index);
        return t;
    }

    private static OpcodeInfo?[] BuildSimd()
    {
        var t = new OpcodeInfo?[256];
        Set(t, 0x00, "v128.load", ImmediateKind.MemArg);
        Set(t, 0x01, "v128.load8x8_s", ImmediateKind.MemArg);
        Set(t, 0x02, "v128.load8x8_u", ImmediateKind.MemArg);
        Set(t, 0x03, "v128.load16x4_s", ImmediateKind.MemArg);
        Set(t, 0x04, "v128.load16x4_u", ImmediateKind.MemArg);
        Set(t, 0x05, "v128.load32x2_s", ImmediateKind.MemArg);
        Set(t, 0x06, "v128.load32x2_u", ImmediateKind.MemArg);
        Set(t, 0x07, "v128.load8_splat", ImmediateKind.MemArg);
        Set(t, 0x08, "v128.load16_splat", ImmediateKind.MemArg);
        Set(t, 0x09, "v128.load32_splat", ImmediateKind.MemArg);
        Set(t, 0x0A, "v128.load64_splat", ImmediateKind.MemArg);
        Set(t, 0x0B, "v128.store", ImmediateKind.MemArg);
        Set(t, 0x0C, "v128.const", ImmediateKind.V128);
        Set(t, 0x0D, "i8x16.shuffle", ImmediateKind.Shuffle);
        Set(t, 0x0E, "i8x16.swizzle", ImmediateKind.None);
        Set(t, 0x0F, "i8x16.splat", ImmediateKind.None);
        Set(t, 0x10, "i16x8.splat", ImmediateKind.None);
        Set(t, 0x11, "i32x4.splat", ImmediateKind.None);
        Set(t, 0x12, "i64x2.splat", ImmediateKind.None);
        Set(t, 0x13, "f32x4.splat", ImmediateKind.None);
        Set(t, 0x14, "f64x2.splat", ImmediateKind.None);
        Set(t, 0x15, "i8x16.extract_lane_s", ImmediateKind.Lane);
        Set(t, 0x16, "i8x16.extract_lane_u", ImmediateKind.Lane);
        Set(t, 0x17, "i8x16.replace_lane", ImmediateKind.Lane);
        Set(t, 0x18, "i16x8.extract_lane_s", ImmediateKind.Lane);
        Set(t, 0x19, "i16x8.extract_lane_u", ImmediateKind.Lane);
        Set(t, 0x1A, "i16x8.replace_lane", ImmediateKind.Lane);
        Set(t, 0x1B, "i32x4.extract_lane", ImmediateKind.Lane);
        Set(t, 0x1C, "i32x4.replace_lane", ImmediateKind.Lane);
        Set(t, 0x1D, "i64x2.extract_lane", ImmediateKind.Lane);
        Set(t, 0x1E, "i64x2.replace_lane", ImmediateKind.Lane);
        Set(t, 0x1F, "f32x4.extract_lane", ImmediateKind.Lane);
        Set(t, 0x20, "f32x4.replace_lane", ImmediateKind.Lane);
        Set(t, 0x21, "f64x2.extract_lane", ImmediateKind.Lane);
        Set(t, 0x22, "f64x2.replace_lane", ImmediateKind.Lane);
        Set(t, 0x23, "i8x16.eq", ImmediateKind.None);
        Set(t, 0x24, "i8x16.ne", ImmediateKind.None);
        Set(t, 0x25, "i8x16.lt_s", ImmediateKind.None);
        Set(t, 0x26, "i8x16.lt_u", ImmediateKind.None);
        Set(t, 0x27, "i8x16.gt_s", ImmediateKind.None);
        Set(t, 0x28, "i8x16.gt_u", ImmediateKind.None);
        Set(t, 0x29, "i8x16.le_s", ImmediateKind.None);
        Set(t, 0x2A, "i8x16.le_u", ImmediateKind.None);
        Set(t, 0x2B, "i8x16.ge_s", ImmediateKind.None);
        Set(t, 0x2C, "i8x16.ge_u", ImmediateKind.None);
        Set(t, 0x2D, "i16x8.eq", ImmediateKind.None);
        Set(t, 0x2E, "i16x8.ne", ImmediateKind.None);
        Set(t, 0x2F, "i16x8.lt_s", ImmediateKind.None);
        Set(t, 0x30, "i16x8.lt_u", ImmediateKind.None);
        Set(t, 0x31, "i16x8.gt_s", ImmediateKind.None);
        Set(t, 0x32, "i16x8.gt_u", ImmediateKind.None);
        Set(t, 0x33, "i16x8.le_s", ImmediateKind.None);
        Set(t, 0x34, "i16x8.le_u", ImmediateKind.None);
        Set(t, 0x35, "i16x8.ge_s", ImmediateKind.None);
        Set(t, 0x36, "i16x8.ge_u", ImmediateKind.None);
        Set(t, 0x37, "i32x4.eq", ImmediateKind.None);
        Set(t, 0x38, "i32x4.ne", ImmediateKind.None);
        Set(t, 0x39, "i32x4.lt_s", ImmediateKind.None);
        Set(t, 0x3A, "i32x4.lt_u", ImmediateKind.None);
        Set(t, 0x3B, "i32x4.gt_s", ImmediateKind.None);
        Set(t, 0x3C, "i32x4.gt_u", ImmediateKind.None);
        Set(t, 0x3D, "i32x4.le_s", ImmediateKind.None);
        Set(t, 0x3E, "i32x4.le_u", ImmediateKind.None);
        Set(t, 0x3F, "i32x4.ge_s", ImmediateKind.None);
        Set(t, 0x40, "i32x4.ge_u", ImmediateKind.None);
        Set(t, 0x41, "f32x4.eq", ImmediateKind.None);
        Set(t, 0x42, "f32x4.ne", ImmediateKind.None);
        Set(t, 0x43, "f32x4.lt", ImmediateKind.None);
        Set(t, 0x44, "f32x4.gt", ImmediateKind.None);
        Set(t, 0x45, "f32x4.le", ImmediateKind.None);
        Set(t, 0x46, "f32x4.ge", ImmediateKind.None);
        Set(t, 0x47, "f64x2.eq", ImmediateKind.None);
        Set(t, 0x48, "f64x2.ne", ImmediateKind.None);
        Set(t, 0x49, "f64x2.lt", ImmediateKind.None);
        Set(t, 0x4A, "f64x2.gt", ImmediateKind.None);
        Set(t, 0x4B, "f64x2.le", ImmediateKind.None);
        Set(t, 0x4C, "f64x2.ge", ImmediateKind.None);
        Set(t, 0x4D, "v128.not", ImmediateKind.None);
        Set(t, 0x4E, "v128.and", ImmediateKind.None);
        Set(t, 0x4F, "v128.andnot", ImmediateKind.None);
        Set(t, 0x50, "v128.or", ImmediateKind.None);
        Set(t, 0x51, "v128.xor", ImmediateKind.None);
        Set(t, 0x52, "v128.bitselect", ImmediateKind.None);
        Set(t, 0x53, "v128.any_true", ImmediateKind.None);
        Set(t, 0x54, "v128.load8_lane", ImmediateKind.MemArgLane);
        Set(t, 0x55, "v128.load16_lane", ImmediateKind.MemArgLane);
        Set(t, 0x56, "v128.load32_lane", ImmediateKind.MemArgLane);
        Set(t, 0x57, "v128.load64_lane", ImmediateKind.MemArgLane);
        Set(t, 0x58, "v128.store8_lane", ImmediateKind.MemArgLane);
        Set(t, 0x59, "v128.store16_lane", ImmediateKind.MemArgLane);
        Set(t, 0x5A, "v128.store32_lane", ImmediateKind.MemArgLane);
        Set(t, 0x5B, "v128.store64_lane", ImmediateKind.MemArgLane);
        Set(t, 0x5C, "v128.load32_zero", ImmediateKind.MemArg);
        Set(t, 0x5D, "v128.load64_zero", ImmediateKind.MemArg);
        Set(t, 0x5E, "f32x4.demote_f64x2_zero", ImmediateKind.None);
        Set(t, 0x5F, "f64x2.promote_low_f32x4", ImmediateKind.None);
        Set(t, 0x60, "i8x16.abs", ImmediateKind.None);
        Set(t, 0x61, "i8x16.neg", ImmediateKind.None);
        Set(t, 0x62, "i8x16.popcnt", ImmediateKind.None);
        Set(t, 0x63, "i8x16.all_true", ImmediateKind.None);
        Set(t, 0x64, "i8x16.bitmask", ImmediateKind.None);
        Set(t, 0x65, "i8x16.narrow_i16x8_s", ImmediateKind.None);
        Set(t, 0x66, "i8x16.narrow_i16x8_u", ImmediateKind.None);
        Set(t, 0x67, "f32x4.ceil", ImmediateKind.None);
        Set(t, 0x68, "f32x4.floor", ImmediateKind.None);
        Set(t, 0x69, "f32x4.trunc", ImmediateKind.None);
        Set(t, 0x6A, "f32x4.nearest", ImmediateKind.None);
        Set(t, 0x6B, "i8x16.shl", ImmediateKind.None);
        Set(t, 0x6C, "i8x16.shr_s", ImmediateKind.None);
        Set(t, 0x6D, "i8x16.shr_u", ImmediateKind.None);
        Set(t, 0x6E, "i8x16.add", ImmediateKind.None);
        Set(t, 0x6F, "i8x16.add_sat_s", ImmediateKind.None);
        Set(t, 0x70, "i8x16.add_sat_u", ImmediateKind.None);
        Set(t, 0x71, "i8x16.sub", ImmediateKind.None);
        Set(t, 0x72, "i8x16.sub_sat_s", ImmediateKind.None);
        Set(t, 0x73, "i8x16.sub_sat_u", ImmediateKind.None);
        Set(t, 0x74, "f64x2.ceil", ImmediateKind.None);
        Set(t, 0x75, "f64x2.floor", ImmediateKind.None);
        Set(t, 0x76, "i8x16.min_s", ImmediateKind.None);
        Set(t, 0x77, "i8x16.min_u", ImmediateKind.None);
        Set(t, 0x78, "i8x16.max_s", ImmediateKind.None);
        Set(t, 0x79, "i8x16.max_u", ImmediateKind.None);
        Set(t, 0x7A, "f64x2.trunc", ImmediateKind.None);
        Set(t, 0x7B, "i8x16.avgr_u", ImmediateKind.None);
        Set(t, 0x7C, "i16x8.extadd_pairwise_i8x16_s", ImmediateKind.None);
        Set(t, 0x7D, "i16x8.extadd_pairwise_i8x16_u", ImmediateKind.None);
        Set(t, 0x7E, "i32x4.extadd_pairwise_i16x8_s", ImmediateKind.None);
        Set(t, 0x7F, "i32x4.extadd_pairwise_i16x8_u", ImmediateKind.None);
        Set(t, 0x80, "i16x8.abs", ImmediateKind.None);
        Set(t, 0x81, "i16x8.neg", ImmediateKind.None);
        Set(t, 0x82, "i16x8.q15mulr_sat_s", ImmediateKind.None);
        Set(t, 0x83, "i16x8.all_true", ImmediateKind.None);
        Set(t, 0x84, "i16x8.bitmask", ImmediateKind.None);
        Set(t, 0x85, "i16x8.narrow_i32x4_s", ImmediateKind.None);
        Set(t, 0x86, "i16x8.narrow_i32x4_u", ImmediateKind.None);
        Set(t, 0x87, "i16x8.extend_low_i8x16_s", ImmediateKind.None);
        Set(t, 0x88, "i16x8.extend_high_i8x16_s", ImmediateKind.None);
        Set(t, 0x89, "i16x8.extend_low_i8x16_u", ImmediateKind.None);
        Set(t, 0x8A, "i16x8.extend_high_i8x16_u", ImmediateKind.None);
        Set(t, 0x8B, "i16x8.shl", ImmediateKind.None);
        Set(t, 0x8C, "i16x8.shr_s", ImmediateKind.None);
        Set(t, 0x8D, "i16x8.shr_u", ImmediateKind.None);
        Set(t, 0x8E, "i16x8.add", ImmediateKind.None);
        Set(t, 0x8F, "i16x8.add_sat_s", ImmediateKind.None);
        Set(t, 0x90, "i16x8.add_sat_u", ImmediateKind.None);
        Set(t, 0x91, "i16x8.sub", ImmediateKind.None);
        Set(t, 0x92, "i16x8.sub_sat_s", ImmediateKind.None);
        Set(t, 0x93, "i16x8.sub_sat_u", ImmediateKind.None);
        Set(t, 0x94, "f64x2.nearest", ImmediateKind.None);
        Set(t, 0x95, "i16x8.mul", ImmediateKind.None);
        Set(t, 0x96, "i16x8.min_s", ImmediateKind.None);
        Set(t, 0x97, "i16x8.min_u", ImmediateKind.None);
        Set(t, 0x98, "i16x8.max_s", ImmediateKind.None);
        Set(t, 0x99, "i16x8.max_u", ImmediateKind.None);
        Set(t, 0x9B, "i16x8.avgr_u", ImmediateKind.None);
        Set(t, 0x9C, "i16x8.extmul_low_i8x16_s", ImmediateKind.None);
        Set(t, 0x9D, "i16x8.extmul_high_i8x16_s", ImmediateKind.None);
        Set(t, 0x9E, "i16x8.extmul_low_i8x16_u", ImmediateKind.None);
        Set(t, 0x9F, "i16x8.extmul_high_i8x16_u", ImmediateKind.None);
        Set(t, 0xA0, "i32x4.abs", ImmediateKind.None);
        Set(t, 0xA1, "i32x4.neg", ImmediateKind.None);
        Set(t, 0xA3, "i32x4.all_true", ImmediateKind.None);
        Set(t, 0xA4, "i32x4.bitmask", ImmediateKind.None);
        Set(t, 0xA7, "i32x4.extend_low_i16x8_s", ImmediateKind.None);
        Set(t, 0xA8, "i32x4.extend_high_i16x8_s", ImmediateKind.None);
        Set(t, 0xA9, "i32x4.extend_low_i16x8_u", ImmediateKind.None);
        Set(t, 0xAA, "i32x4.extend_high_i16x8_u", ImmediateKind.None);
        Set(t, 0xAB, "i32x4.shl", ImmediateKind.None);
        Set(t, 0xAC, "i32x4.shr_s", ImmediateKind.None);
        Set(t, 0xAD, "i32x4.shr_u", ImmediateKind.None);
        Set(t, 0xAE, "i32x4.add", ImmediateKind.None);
        Set(t, 0xB1, "i32x4.sub", ImmediateKind.None);
        Set(t, 0xB5, "i32x4.mul", ImmediateKind.None);
        Set(t, 0xB6, "i32x4.min_s", ImmediateKind.None);
        Set(t, 0xB7, "i32x4.min_u", ImmediateKind.None);
        Set(t, 0xB8, "i32x4.max_s", ImmediateKind.None);
        Set(t, 0xB9, "i32x4.max_u", ImmediateKind.None);
        Set(t, 0xBA, "i32x4.dot_i16x8_s", ImmediateKind.None);
        Set(t, 0xBC, "i32x4.extmul_low_i16x8_s", ImmediateKind.None);
        Set(t, 0xBD, "i32x4.extmul_high_i16x8_s", ImmediateKind.None);
        Set(t, 0xBE, "i32x4.extmul_low_i16x8_u", ImmediateKind.None);
        Set(t, 0xBF, "i32x4.extmul_high_i16x8_u", ImmediateKind.None);
        Set(t, 0xC0, "i64x2.abs", ImmediateKind.None);
        Set(t, 0xC1, "i64x2.neg", ImmediateKind.None);
        Set(t, 0xC3, "i64x2.all_true", ImmediateKind.None);
        Set(t, 0xC4, "i64x2.bitmask", ImmediateKind.None);
        Set(t, 0xC7, "i64x2.extend_low_i32x4_s", ImmediateKind.None);
        Set(t, 0xC8, "i64x2.extend_high_i32x4_s", ImmediateKind.None);
        Set(t, 0xC9, "i64x2.extend_low_i32x4_u", ImmediateKind.None);
        Set(t, 0xCA, "i64x2.extend_high_i32x4_u", ImmediateKind.None);
        Set(t, 0xCB, "i64x2.shl", ImmediateKind.None);
        Set(t, 0xCC, "i64x2.shr_s", ImmediateKind.None);
        Set(t, 0xCD, "i64x2.shr_u", ImmediateKind.None);
        Set(t, 0xCE, "i64x2.add", ImmediateKind.None);
        Set(t, 0xD1, "i64x2.sub", ImmediateKind.None);
        Set(t, 0xD5, "i64x2.mul", ImmediateKind.None);
        Set(t, 0xD6, "i64x2.eq", ImmediateKind.None);
        Set(t, 0xD7, "i64x2.ne", ImmediateKind.None);
        Set(t, 0xD8, "i64x2.lt_s", ImmediateKind.None);
        Set(t, 0xD9, "i64x2.gt_s", ImmediateKind.None);
        Set(t, 0xDA, "i64x2.le_s", ImmediateKind.None);
        Set(t, 0xDB, "i64x2.ge_s", ImmediateKind.None);
        Set(t, 0xDC, "i64x2.extmul_low_i32x4_s", ImmediateKind.None);
        Set(t, 0xDD, "i64x2.extmul_high_i32x4_s", ImmediateKind.None);
        Set(t, 0xDE, "i64x2.extmul_low_i32x4_u", ImmediateKind.None);
        Set(t, 0xDF, "i64x2.extmul_high_i32x4_u", ImmediateKind.None);
        Set(t, 0xE0, "f32x4.abs", ImmediateKind.None);
        Set(t, 0xE1, "f32x4.neg", ImmediateKind.None);
        Set(t, 0xE3, "f32x4.sqrt", ImmediateKind.None);
        Set(t, 0xE4, "f32x4.add", ImmediateKind.None);
        Set(t, 0xE5, "f32x4.sub", ImmediateKind.None);
        Set(t, 0xE6, "f32x4.mul", ImmediateKind.None);
        Set(t, 0xE7, "f32x4.div", ImmediateKind.None);
        Set(t, 0xE8, "f32x4.min", ImmediateKind.None);
        Set(t, 0xE9, "f32x4.max", ImmediateKind.None);
        Set(t, 0xEA, "f32x4.pmin", ImmediateKind.None);
        Set(t, 0xEB, "f32x4.pmax", ImmediateKind.None);
        Set(t, 0xEC, "f64x2.abs", ImmediateKind.None);
        Set(t, 0xED, "f64x2.neg", ImmediateKind.None);
        Set(t, 0xEF, "f64x2.sqrt", ImmediateKind.None);
        Set(t, 0xF0, "f64x2.add", ImmediateKind.None);
        Set(t, 0xF1, "f64x2.sub", ImmediateKind.None);
        Set(t, 0xF2, "f64x2.mul", ImmediateKind.None);
        Set(t, 0xF3, "f64x2.div", ImmediateKind.None);
        Set(t, 0xF4, "f64x2.min", ImmediateKind.None);
        Set(t, 0xF5, "f64x2.max", ImmediateKind.None);
        Set(t, 0xF6, "f64x2.pmin", ImmediateKind.None);
        Set(t, 0xF7, "f64x2.pmax", ImmediateKind.None);
        Set(t, 0xF8, "i32x4.trunc_sat_f32x4_s", ImmediateKind.None);
        Set(t, 0xF9, "i32x4.trunc_sat_f32x4_u", ImmediateKind.None);
        Set(t, 0xFA, "f32x4.convert_i32x4_s", ImmediateKind.None);
        Set(t, 0xFB, "f32x4.convert_i32x4_u", ImmediateKind.None);
        Set(t, 0xFC, "i32x4.trunc_sat_f64x2_s_zero", ImmediateKind.None);
        Set(t, 0xFD, "i32x4.trunc_sat_f64x2_u_zero", ImmediateKind.None);
        Set(t, 0xFE, "f64x2.convert_low_i32x4_s", ImmediateKind.None);
        Set(t, 0xFF, "f64x2.convert_low_i32x4_u", ImmediateKind.None);
        return t;
    }
}
