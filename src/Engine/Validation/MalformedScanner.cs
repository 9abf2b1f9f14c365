using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>
/// Decode-only pass over every instruction sequence of a module, in binary order. The spec decodes
/// the whole module before validating it, so a malformed encoding anywhere beats a validation
/// error found earlier; this pass runs only once validation has failed, to find such an encoding.
/// </summary>
internal static class MalformedScanner
{
    /// <summary>Throws <see cref="MalformedModuleException"/> for the first malformed instruction sequence, if any.</summary>
    public static void Scan(WasmModule module)
    {
        var bytes = module.Bytes.Span;
        var frames = new byte[16];
        bool usesDataCount = false;

        foreach (var global in module.Globals) ScanExpression(bytes, global.Init, ref frames, ref usesDataCount);

        foreach (var element in module.Elements)
        {
            if (element.Mode == SegmentMode.Active) ScanExpression(bytes, element.Offset, ref frames, ref usesDataCount);
            foreach (var item in element.Expressions ?? []) ScanExpression(bytes, item, ref frames, ref usesDataCount);
        }

        foreach (var body in module.Codes)
        {
            var reader = new WasmReader(bytes, body.CodeStart, body.CodeEnd);
            ScanInstructions(ref reader, isBody: true, ref frames, ref usesDataCount);
        }

        foreach (var data in module.Data)
        {
            if (data.Mode == SegmentMode.Active) ScanExpression(bytes, data.Offset, ref frames, ref usesDataCount);
        }

        // The reference decoder checks this last, after every section has decoded. Without any data
        // segment the validation error is reported instead (see ValidationContext.DataCountMissing).
        if (usesDataCount && module.DataCount is null && module.Data.Length > 0) InstructionDecoding.ThrowDataCountRequired(bytes.Length);
    }

    private static void ScanExpression(ReadOnlySpan<byte> bytes, ConstantExpression expression, ref byte[] frames, ref bool usesDataCount)
    {
        var reader = new WasmReader(bytes, expression.Start, expression.End);
        ScanInstructions(ref reader, isBody: false, ref frames, ref usesDataCount);
    }

    /// <summary>
    /// Decodes instructions up to the end that closes the sequence. Only the kind of each open
    /// block is kept (to place else), in a buffer that grows with the nesting, never recursion.
    /// </summary>
    private static void ScanInstructions(ref WasmReader reader, bool isBody, ref byte[] frames, ref bool usesDataCount)
    {
        var bytes = reader.Module;
        int end = reader.End;
        int depth = 0;
        while (true)
        {
            int at = reader.Position;
            if (isBody && at >= end) InstructionDecoding.ThrowBodyRanOut(bytes, at);
            byte op = reader.ReadByte();
            switch (op)
            {
                case Opcode.Block:
                case Opcode.Loop:
                case Opcode.If:
                    InstructionDecoding.ReadBlockType(ref reader);
                    if (depth == frames.Length) Array.Resize(ref frames, depth * 2);
                    frames[depth++] = op;
                    break;
                case Opcode.Else:
                    if (depth == 0 || frames[depth - 1] != Opcode.If) InstructionDecoding.ThrowMisplacedElse(at);
                    frames[depth - 1] = Opcode.Else;
                    break;
                case Opcode.End:
                    if (depth == 0)
                    {
                        if (isBody && reader.Position != end) InstructionDecoding.ThrowEndedEarly(reader.Position);
                        return;
                    }

                    depth--;
                    break;
                case 0xFC:
                {
                    uint sub = reader.ReadVarU32();
                    var misc = OpcodeTable.Misc;
                    if (sub >= (uint)misc.Length || misc[sub] is not { } info) InstructionDecoding.ThrowIllegalOpcode(op, sub, at);
                    else InstructionSkipper.SkipImmediates(ref reader, info.Immediate);
                    if (sub is 0x08 or 0x09) usesDataCount = true;
                    break;
                }

                case 0xFD:
                {
                    uint sub = reader.ReadVarU32();
                    var simd = OpcodeTable.Simd;
                    if (sub >= (uint)simd.Length || simd[sub] is not { } info) InstructionDecoding.ThrowIllegalOpcode(op, sub, at);
                    else InstructionSkipper.SkipImmediates(ref reader, info.Immediate);
                    break;
                }

                default:
                    if (OpcodeTable.Core[op] is { } core) InstructionSkipper.SkipImmediates(ref reader, core.Immediate);
                    else InstructionDecoding.ThrowIllegalOpcode(op, at);
                    break;
            }
        }
    }
}
