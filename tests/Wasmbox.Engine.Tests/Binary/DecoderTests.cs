using Wasmbox.Engine.Binary;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Binary;

public class DecoderTests
{
    private static MalformedModuleException Malformed(byte[] bytes) =>
        Assert.Throws<MalformedModuleException>(() => ModuleDecoder.Decode(bytes));

    [Fact]
    public void EmptyModuleDecodes()
    {
        var module = ModuleDecoder.Decode(Header);
        Assert.Empty(module.Types);
        Assert.Empty(module.Codes);
        Assert.Null(module.StartFunction);
    }

    [Theory]
    [InlineData(new byte[0], "unexpected end", 0)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 }, "unexpected end", 3)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0 }, "magic header not detected", 0)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 1, 0 }, "unexpected end", 6)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0 }, "unknown binary version", 4)]
    public void HeaderErrorsCarryReasonAndOffset(byte[] bytes, string reason, int offset)
    {
        var error = Malformed(bytes);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void SectionIdAboveDataCountIsMalformed()
    {
        var error = Malformed(Module([13, 0]));
        Assert.Equal("malformed section id", error.Reason);
        Assert.Equal(8, error.Offset);
    }

    [Fact]
    public void SectionsOutOfOrderOrRepeatedAreRejected()
    {
        Assert.Equal("unexpected content after last section", Malformed(Module(EmptyFunctionType, EmptyFunctionType)).Reason);
        // Data count belongs before code, even though its id is larger.
        var codeThenDataCount = Module(Section(10, Vec()), Section(12, 0));
        Assert.Equal("unexpected content after last section", Malformed(codeThenDataCount).Reason);
    }

    [Fact]
    public void CustomSectionsMayAppearAnywhere()
    {
        byte[] custom = Section(0, [.. Name("x"), 1, 2, 3]);
        var module = ModuleDecoder.Decode(Module(custom, EmptyFunctionType, custom, Section(12, 0), custom));
        Assert.Equal(3, module.CustomSections.Length);
        Assert.Equal(3, module.CustomSections[0].ContentLength);
        Assert.Equal(0u, module.DataCount);
    }

    [Fact]
    public void SectionThatReadsShortOfItsSizeIsAMismatch()
    {
        // A type section of size 5 whose single type takes only 3 bytes.
        var error = Malformed(Module([1, 5, 1, 0x60, 0, 0, 0]));
        Assert.Equal("section size mismatch", error.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, uint.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x00 }, 0u)] // padding up to the maximum length is allowed
    [InlineData(new byte[] { 0xE5, 0x8E, 0x26 }, 624485u)]
    public void UnsignedLeb128(byte[] encoding, uint expected)
    {
        var reader = new WasmReader(encoding);
        Assert.Equal(expected, reader.ReadVarU32());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x1F }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long")]
    [InlineData(new byte[] { 0x80, 0x80 }, "unexpected end")]
    public void UnsignedLeb128Errors(byte[] encoding, string reason)
    {
        var error = Assert.Throws<MalformedModuleException>(() => new WasmReader(encoding).ReadVarU32());
        Assert.StartsWith(reason, error.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F }, -1)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x78 }, int.MinValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, int.MaxValue)]
    [InlineData(new byte[] { 0xFF, 0x7F }, -1)] // a longer encoding of -1 than needed
    public void SignedLeb128(byte[] encoding, int expected)
    {
        var reader = new WasmReader(encoding);
        Assert.Equal(expected, reader.ReadVarS32());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 })] // sign bit clear but high bits set
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })] // 0xFFFFFFFF does not fit in a signed 32-bit value
    public void SignedLeb128UnusedBitsMustMatchTheSign(byte[] encoding)
    {
        var error = Assert.Throws<MalformedModuleException>(() => new WasmReader(encoding).ReadVarS32());
        Assert.Equal("integer too large", error.Reason);
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    [InlineData(0L)]
    [InlineData(1L << 40)]
    public void SignedLeb128RoundTrips64(long value)
    {
        var reader = new WasmReader(S64(value));
        Assert.Equal(value, reader.ReadVarS64());
    }

    [Fact]
    public void HugeDeclaredCountIsRejectedWithoutAllocating()
    {
        // A type section claiming 2^32-1 types in a few bytes.
        byte[] bytes = Module(Section(1, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x60, 0, 0]));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Malformed(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("length out of bounds", error.Reason);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes for a rejected count");
    }

    [Fact]
    public void LocalsAreCappedPerFunction()
    {
        byte[] Locals(uint count) => [.. Vec([.. U32(count), 0x7F])];
        var module = ModuleDecoder.Decode(OneFunction([0x0B], Locals(ModuleDecoder.MaxFunctionLocals)));
        Assert.Equal(ModuleDecoder.MaxFunctionLocals, module.Codes[0].LocalCount);
        Assert.Equal("too many locals", Malformed(OneFunction([0x0B], Locals(ModuleDecoder.MaxFunctionLocals + 1))).Reason);
        Assert.Equal("too many locals", Malformed(OneFunction([0x0B], Locals(uint.MaxValue))).Reason);
    }

    [Fact]
    public void FunctionAndCodeCountsMustAgree()
    {
        var noCode = Module(EmptyFunctionType, Section(3, Vec([0x00])));
        Assert.Equal("function and code section have inconsistent lengths", Malformed(noCode).Reason);
    }

    [Fact]
    public void BodySizeReachingPastTheBinaryIsMalformed()
    {
        // The spec counts a length's own bytes as remaining, so a body size may name one byte more
        // than the binary holds; that must end in an error, not a read past the end.
        var bytes = Module(EmptyFunctionType, Section(3, Vec([0x00])), [10, 3, 1, 2, 0x00]);
        Assert.StartsWith("unexpected end", Malformed(bytes).Reason);
    }

    [Fact]
    public void CustomSectionReachingPastTheBinaryIsMalformed()
    {
        Assert.StartsWith("unexpected end", Malformed(Module([0, 3, 1, (byte)'a'])).Reason);
    }

    [Fact]
    public void BodyWithoutFinalEndIsMalformed()
    {
        var error = Malformed(OneFunction([0x01]));
        Assert.StartsWith("unexpected end", error.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0x80 })] // overlong encoding of NUL
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a UTF-16 surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    public void NamesMustBeValidUtf8(byte[] name)
    {
        var export = Section(7, Vec([.. U32((uint)name.Length), .. name, 0x00, 0x00]));
        Assert.Equal("malformed UTF-8 encoding", Malformed(Module(export)).Reason);
    }

    [Fact]
    public void NamesDecodeUnicode()
    {
        var module = ModuleDecoder.Decode(Module(Section(7, Vec([.. Name("π≈3"), 0x03, 0x00]))));
        Assert.Equal("π≈3", module.Exports[0].Name);
    }

    [Fact]
    public void ImportsFillTheIndexSpacesFirst()
    {
        byte[] imports = Section(2, Vec(
            [.. Name("env"), .. Name("f"), 0x00, 0x00],
            [.. Name("env"), .. Name("t"), 0x01, 0x70, 0x00, 0x01],
            [.. Name("env"), .. Name("m"), 0x02, 0x01, 0x01, 0x02],
            [.. Name("env"), .. Name("g"), 0x03, 0x7E, 0x01]));
        var module = ModuleDecoder.Decode(Module(
            EmptyFunctionType,
            imports,
            Section(3, Vec([0x00])),
            Section(6, Vec([0x7F, 0x00, 0x41, 0x05, 0x0B])),
            Section(10, Vec(Body([0x0B], [])))));

        Assert.Equal(2, module.FunctionTypeIndices.Length);
        Assert.Equal(1, module.ImportedFunctionCount);
        Assert.Equal(new TableType(ValType.FuncRef, new Limits(1, null)), module.Tables[0]);
        Assert.Equal(new Limits(1, 2), module.Memories[0].Limits);
        Assert.Equal(new GlobalType(ValType.I64, true), module.GlobalTypes[0]);
        Assert.Equal(new GlobalType(ValType.I32, false), module.GlobalTypes[1]);
        Assert.Single(module.Globals);
        Assert.Equal(3, module.Globals[0].Init.Length); // i32.const 5, end
    }

    [Fact]
    public void AllEightElementSegmentEncodings()
    {
        byte[] offset = [0x41, 0x00, 0x0B];
        byte[] refFunc = [0xD2, 0x00, 0x0B];
        byte[] elements = Section(9, Vec(
            [0x00, .. offset, .. Vec([0x00])],
            [0x01, 0x00, .. Vec([0x00])],
            [0x02, 0x01, .. offset, 0x00, .. Vec([0x00])],
            [0x03, 0x00, .. Vec([0x00])],
            [0x04, .. offset, .. Vec(refFunc)],
            [0x05, 0x6F, .. Vec([0xD0, 0x6F, 0x0B])],
            [0x06, 0x01, .. offset, 0x70, .. Vec(refFunc, refFunc)],
            [0x07, 0x70, .. Vec(refFunc)]));
        var module = ModuleDecoder.Decode(Module(elements));
        var e = module.Elements;
        Assert.Equal([SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active, SegmentMode.Declarative,
            SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active, SegmentMode.Declarative], e.Select(s => s.Mode));
        Assert.Equal([0u, 0u, 1u, 0u, 0u, 0u, 1u, 0u], e.Select(s => s.TableIndex));
        Assert.All(e.Take(4), s => Assert.NotNull(s.FunctionIndices));
        Assert.All(e.Skip(4), s => Assert.NotNull(s.Expressions));
        Assert.Equal(ValType.ExternRef, e[5].ElementType);
        Assert.Equal(2, e[6].Count);
    }

    [Fact]
    public void ElementSegmentKindAboveSevenIsMalformed()
    {
        Assert.Equal("malformed elements segment kind", Malformed(Module(Section(9, Vec([0x08])))).Reason);
    }

    [Fact]
    public void DataSegmentsAndDataCount()
    {
        byte[] data = Section(11, Vec(
            [0x00, 0x41, 0x10, 0x0B, .. Vec([1], [2])],
            [0x01, .. Vec([7])],
            [0x02, 0x00, 0x41, 0x00, 0x0B, 0x00]));
        var bytes = Module(Section(12, 3), data);
        var module = ModuleDecoder.Decode(bytes);
        Assert.Equal(3u, module.DataCount);
        Assert.Equal([SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active], module.Data.Select(d => d.Mode));
        Assert.Equal(2, module.Data[0].DataLength);
        Assert.Equal(7, bytes[module.Data[1].DataStart]);

        Assert.Equal("data count and data section have inconsistent lengths", Malformed(Module(Section(12, 2), data)).Reason);
    }

    [Fact]
    public void NameSectionGivesFunctionAndLocalNames()
    {
        byte[] names = Section(0, [
            .. Name("name"),
            .. Section(0, Name("mod")),
            .. Section(1, Vec([0x00, .. Name("main")])),
            .. Section(2, Vec([0x00, .. Vec([0x00, .. Name("x")])]))]);
        var module = ModuleDecoder.Decode(Module(EmptyFunctionType, Section(3, Vec([0x00])), Section(10, Vec(Body([0x0B], []))), names));
        Assert.Equal("mod", module.Names!.ModuleName);
        Assert.Equal("main", module.GetFunctionName(0));
        Assert.Equal("x", module.Names.LocalNames[0][0]);
    }

    [Fact]
    public void MalformedNameSectionIsIgnored()
    {
        byte[] names = Section(0, [.. Name("name"), 0x01, 0x10, 0x05]);
        var module = ModuleDecoder.Decode(Module(names));
        Assert.Null(module.Names);
        Assert.Single(module.CustomSections);
    }

    [Theory]
    [InlineData(new byte[] { 0x02 }, "integer too large")]
    [InlineData(new byte[] { 0x81, 0x00 }, "integer representation too long")]
    public void LimitsFlagsBeyondTheMaximumBitAreRejected(byte[] flags, string reason)
    {
        Assert.Equal(reason, Malformed(Module(Section(5, Vec([.. flags, 0x00])))).Reason);
    }
}
