using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Validation;

namespace Wasmbox.Engine.Tests.Validation;

/// <summary>The validator's signature tables cover exactly the opcodes the opcode table defines.</summary>
public class OperatorTableTests
{
    [Fact]
    public void SimdTableCoversEveryDefinedSimdOpcode()
    {
        for (uint op = 0; op < 256; op++)
        {
            bool defined = OpcodeTable.Simd[op] is not null;
            bool described = SimdOperators.Table[op].Kind != OperatorKind.None || op is SimdOperators.Const or SimdOperators.Shuffle;
            Assert.True(defined == described, $"simd 0x{op:x2}: defined {defined}, described {described}");
        }
    }

    [Fact]
    public void LaneOperatorsAgreeWithTheirImmediates()
    {
        for (uint op = 0; op < 256; op++)
        {
            if (OpcodeTable.Simd[op] is not { } info) continue;
            var kind = SimdOperators.Table[op].Kind;
            Assert.Equal(info.Immediate == ImmediateKind.Lane, kind == OperatorKind.Lane);
            Assert.Equal(info.Immediate == ImmediateKind.MemArgLane, kind == OperatorKind.MemoryLane);
            Assert.Equal(info.Immediate == ImmediateKind.MemArg, kind == OperatorKind.Memory);
        }
    }

    [Fact]
    public void CoreTableDescribesTheNumericAndMemoryOpcodes()
    {
        for (int op = 0x28; op <= 0xC4; op++)
        {
            if (op is 0x3F or 0x40 or >= 0x41 and <= 0x44) continue; // memory.size/grow and consts have their own cases
            var info = OpcodeTable.Core[op];
            Assert.NotNull(info);
            var kind = CoreOperators.Core[op].Kind;
            Assert.Equal(info.Value.Immediate == ImmediateKind.MemArg ? OperatorKind.Memory : OperatorKind.Plain, kind);
        }
    }
}
