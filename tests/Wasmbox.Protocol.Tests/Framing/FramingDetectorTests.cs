using System.Buffers;
using System.Text;
using Wasmbox.Protocol.Framing;

namespace Wasmbox.Protocol.Tests.Framing;

public class FramingDetectorTests
{
    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\"}", MessageFraming.NewlineDelimited)]
    [InlineData("[{}]", MessageFraming.NewlineDelimited)]
    [InlineData("\r\n  {", MessageFraming.NewlineDelimited)]
    [InlineData("Content-Length: 2", MessageFraming.ContentLength)]
    [InlineData("content-length: 2", MessageFraming.ContentLength)]
    [InlineData("C", MessageFraming.ContentLength)]
    public void ChoosesTheFramingFromTheFirstByte(string start, MessageFraming expected)
    {
        Assert.Equal(expected, FramingDetector.Detect(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(start)), out FramingError? error));
        Assert.Null(error);
    }

    [Fact]
    public void WaitsWhileOnlyWhitespaceHasArrived()
    {
        Assert.Null(FramingDetector.Detect(new ReadOnlySequence<byte>(" \r\n\t"u8.ToArray()), out FramingError? error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x01 })]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{' })]
    [InlineData(new byte[] { (byte)'G', (byte)'E', (byte)'T' })]
    public void RefusesAnythingElse(byte[] start)
    {
        Assert.Null(FramingDetector.Detect(new ReadOnlySequence<byte>(start), out FramingError? error));
        Assert.NotNull(error);
        Assert.True(error.IsFatal);
        Assert.Contains($"0x{start[0]:x2}", error.Message, StringComparison.Ordinal);
    }
}
