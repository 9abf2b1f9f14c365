using System.Text;
using Wasmbox.Protocol.Framing;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Tests.Support;

namespace Wasmbox.Protocol.Tests.Framing;

public class NewlineFrameReaderTests
{
    private static FrameFeeder Feeder(long max = JsonRpcConnectionOptions.DefaultMaxMessageSize) => new(new NewlineFrameReader(max));

    [Fact]
    public void ReadsOneMessagePerLineWithEitherLineEnding()
    {
        var feeder = Feeder();
        feeder.Feed("{\"a\":1}\n{\"b\":2}\r\n\n   \r\n[1]\n");
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "[1]"], feeder.Frames);
    }

    [Fact]
    public void ReadsTheSameLinesWhateverByteTheStreamIsSplitAt()
    {
        byte[] stream = Encoding.UTF8.GetBytes("{\"text\":\"héllo\"}\r\n{\"b\":2}\n");
        for (int split = 0; split <= stream.Length; split++)
        {
            var feeder = Feeder();
            feeder.Feed(stream.AsSpan(0, split));
            feeder.Feed(stream.AsSpan(split));
            Assert.Equal(["{\"text\":\"héllo\"}", "{\"b\":2}"], feeder.Frames);
        }
    }

    [Fact]
    public void TakesALastLineWithoutItsNewlineAtTheEnd()
    {
        var feeder = Feeder();
        feeder.Feed("{\"a\":1}\n{\"b\":2}");
        Assert.Equal(["{\"a\":1}"], feeder.Frames);
        feeder.End();
        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], feeder.Frames);
    }

    [Fact]
    public void RefusesALineLongerThanTheLimitWithoutWaitingForItsEnd()
    {
        var feeder = Feeder(max: 100);
        feeder.Feed("{\"a\":\"" + new string('x', 60));
        Assert.Empty(feeder.Errors);
        feeder.Feed(new string('x', 60));
        FramingError error = Assert.Single(feeder.Errors);
        Assert.True(error.IsFatal);
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, error.Code);
    }

    [Fact]
    public void ScansALongLineArrivingInPiecesOnce()
    {
        // 200 KB in 100-byte reads: rescanning from the start every time would be quadratic.
        var feeder = Feeder();
        string chunk = new('x', 100);
        for (int i = 0; i < 2000; i++)
            feeder.Feed(chunk);
        feeder.Feed("\n");
        Assert.Equal(200_000, Assert.Single(feeder.Frames).Length);
    }
}
