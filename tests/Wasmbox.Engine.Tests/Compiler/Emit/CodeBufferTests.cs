using Iced.Intel;
using Wasmbox.Engine.Compiler.Emit;

namespace Wasmbox.Engine.Tests.Compiler.Emit;

public class CodeBufferTests
{
    [Fact]
    public void GrowsAndKeepsEverythingWritten()
    {
        var buffer = new CodeBuffer(4);
        for (int i = 0; i < 1000; i++)
            buffer.WriteByte((byte)i);
        buffer.WriteInt32(0x12345678);
        buffer.WriteBytes([1, 2, 3]);

        Assert.Equal(1007, buffer.Position);
        byte[] bytes = buffer.ToArray();
        Assert.Equal(1007, bytes.Length);
        for (int i = 0; i < 1000; i++)
            Assert.Equal((byte)i, bytes[i]);
        Assert.Equal(0x12345678, buffer.ReadInt32(1000));
        Assert.Equal<byte>([1, 2, 3], bytes[1004..]);
    }

    [Fact]
    public void PatchesInt32LittleEndianWithinWrittenBytesOnly()
    {
        var buffer = new CodeBuffer(16);
        buffer.WriteBytes([0xE9, 0, 0, 0, 0]);
        buffer.PatchInt32(1, -2);
        Assert.Equal<byte>([0xE9, 0xFE, 0xFF, 0xFF, 0xFF], buffer.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.PatchInt32(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.PatchInt32(-1, 0));
    }

    [Fact]
    public void ResetKeepsTheCapacityForReuse()
    {
        var buffer = new CodeBuffer(8);
        buffer.WriteBytes(new byte[100]);
        int capacity = buffer.Capacity;
        buffer.Reset();
        Assert.Equal(0, buffer.Position);
        Assert.Equal(capacity, buffer.Capacity);
        Assert.True(buffer.AsSpan().IsEmpty);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void AlignmentPaddingIsFewMultiByteNops(int alignment)
    {
        for (int start = 0; start < alignment; start++)
        {
            var buffer = new CodeBuffer(8);
            buffer.WriteBytes(Enumerable.Repeat((byte)0xC3, start).ToArray());
            buffer.AlignWithNops(alignment);
            Assert.Equal(0, buffer.Position % alignment);
            Assert.Equal(start == 0 ? 0 : alignment, buffer.Position);

            List<Instruction> padding = Disassembly.Decode(buffer.AsSpan()[start..]);
            Assert.All(padding, nop => Assert.Equal(FlowControl.Next, nop.FlowControl));
            Assert.All(padding, nop => Assert.True(nop.Mnemonic == Mnemonic.Nop, $"{Disassembly.Text(nop)} is not a NOP"));
            int padBytes = buffer.Position - start;
            Assert.Equal((padBytes + 8) / 9, padding.Count);
        }
    }

    [Fact]
    public void AlignmentMustBeAPowerOfTwo()
    {
        var buffer = new CodeBuffer();
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AlignWithNops(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AlignWithNops(12));
    }
}
