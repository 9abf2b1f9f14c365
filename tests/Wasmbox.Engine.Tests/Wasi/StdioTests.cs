using System.Text;
using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>Descriptors 0, 1 and 2 over the embedder's streams.</summary>
public sealed class StdioTests
{
    [Fact]
    public void WritesReachStdoutAndStderrInOrder()
    {
        using var wasi = new WasiHarness();
        Assert.Equal((Errno.Success, 11u), wasi.Write(1, "hello"u8.ToArray(), " world"u8.ToArray()));
        Assert.Equal((Errno.Success, 4u), wasi.Write(2, "oops"));
        Assert.Equal("hello world", Encoding.UTF8.GetString(wasi.Stdout.ToArray()));
        Assert.Equal("oops", Encoding.UTF8.GetString(wasi.Stderr.ToArray()));
    }

    [Fact]
    public void EveryWriteIsFlushedAtOnce()
    {
        var stdout = new FlushCountingStream();
        using var wasi = new WasiHarness(h => new WasiConfiguration { Stdout = stdout });
        wasi.Write(1, "a");
        wasi.Write(1, "b");
        Assert.Equal(2, stdout.Flushes);
    }

    [Fact]
    public void ReadsTakeOneStreamReadAndEndWithZero()
    {
        var stdin = new ChunkedStream(["first line\n"u8.ToArray(), "second\n"u8.ToArray()]);
        using var wasi = new WasiHarness(h => new WasiConfiguration { Stdin = stdin });

        // A read that could be satisfied from more data must not wait for it: one Stream.Read per call.
        Assert.Equal("first line\n", Encoding.UTF8.GetString(wasi.Read(0, [0, 64, 64]).Data));
        Assert.Equal("second\n", Encoding.UTF8.GetString(wasi.Read(0, 64).Data));
        Assert.Equal((Errno.Success, 0), (wasi.Read(0, 64).Errno, wasi.Read(0, 64).Data.Length));
    }

    [Fact]
    public void MissingStreamsReadEmptyAndDiscardWrites()
    {
        using var wasi = new WasiHarness(h => new WasiConfiguration());
        Assert.Empty(wasi.Read(0, 10).Data);
        Assert.Equal((Errno.Success, 3u), wasi.Write(1, "abc"));
        Assert.Equal((Errno.Success, 3u), wasi.Write(2, "abc"));
    }

    [Fact]
    public void StdioDescribesItselfAsAPipeOrATerminal()
    {
        using var piped = new WasiHarness(h => new WasiConfiguration());
        var stdin = piped.Fdstat(0);
        Assert.Equal(FileType.Unknown, stdin.Type);
        Assert.Equal(Rights.FdRead, stdin.Base & (Rights.FdRead | Rights.FdWrite));
        Assert.Equal(Rights.FdWrite, piped.Fdstat(1).Base & (Rights.FdRead | Rights.FdWrite));
        Assert.Equal(Rights.None, piped.Fdstat(1).Base & (Rights.FdSeek | Rights.FdTell));
        Assert.Equal(FileType.Unknown, piped.FdFilestat(1).Stat.Type);

        using var console = new WasiHarness(h => new WasiConfiguration { StdinIsTerminal = true, StdoutIsTerminal = true });
        Assert.Equal(FileType.CharacterDevice, console.Fdstat(0).Type);
        Assert.Equal(FileType.CharacterDevice, console.Fdstat(1).Type);
        Assert.Equal(FileType.Unknown, console.Fdstat(2).Type);
    }

    [Fact]
    public void StreamsCannotSeekOrBeUsedTheWrongWay()
    {
        using var wasi = new WasiHarness();
        Assert.Equal(Errno.Notcapable, wasi.Seek(1, 0, Whence.Cur).Errno);
        Assert.Equal(Errno.Notcapable, wasi.Tell(0).Errno);
        Assert.Equal(Errno.Notcapable, wasi.Pwrite(1, 0, [1]).Errno);
        Assert.Equal(Errno.Notcapable, wasi.Write(0, "x").Errno);
        Assert.Equal(Errno.Notcapable, wasi.Read(1, 1).Errno);
        Assert.Equal(Errno.Success, wasi.Call("fd_sync", 1));
        Assert.Equal(Errno.Notsup, wasi.Call("fd_fdstat_set_flags", 1, (ulong)FdFlags.Nonblock));
        Assert.Equal(Errno.Success, wasi.Call("fd_fdstat_set_flags", 1, (ulong)FdFlags.Append));
    }

    [Fact]
    public void StreamFailuresBecomeErrnos()
    {
        using var wasi = new WasiHarness(h => new WasiConfiguration { Stdin = new BrokenStream(), Stdout = new BrokenStream(), Stderr = Stream.Null });
        Assert.Equal(Errno.Io, wasi.Read(0, 10).Errno);
        Assert.Equal(Errno.Io, wasi.Write(1, "x").Errno);

        var readOnly = new MemoryStream([1, 2, 3], writable: false);
        using var other = new WasiHarness(h => new WasiConfiguration { Stdout = readOnly });
        Assert.Equal(Errno.Badf, other.Write(1, "x").Errno);
    }

    [Fact]
    public void TheContextNeverDisposesTheEmbeddersStreams()
    {
        var stdout = new MemoryStream();
        new WasiHarness(h => new WasiConfiguration { Stdout = stdout }).Dispose();
        stdout.WriteByte(1);
    }

    private sealed class FlushCountingStream : MemoryStream
    {
        public int Flushes { get; private set; }

        public override void Flush() => Flushes++;
    }

    /// <summary>Hands out its chunks one per Read, as a pipe delivers what its writer wrote so far.</summary>
    private sealed class ChunkedStream(byte[][] chunks) : Stream
    {
        private int _next;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_next == chunks.Length) return 0;
            var chunk = chunks[_next++];
            chunk.CopyTo(buffer);
            return chunk.Length;
        }
    }

    private sealed class BrokenStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => 0;
        public override long Position { get; set; }
        public override void Flush() => throw new IOException("broken pipe");
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("broken pipe");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("broken pipe");
    }
}
