using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Protocol.Tests.Support;

/// <summary>
/// The far end of a connection, speaking raw bytes: tests write exactly what a peer would send and read
/// back exactly what the connection wrote, parsing frames independently of the code under test.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly Pipe _toConnection = new();
    private readonly Pipe _fromConnection = new();

    public RawPeer(JsonRpcConnectionOptions? options = null, Action<JsonRpcConnection>? register = null)
    {
        Connection = new JsonRpcConnection(_toConnection.Reader, _fromConnection.Writer, options);
        register?.Invoke(Connection);
        Connection.Start();
    }

    public JsonRpcConnection Connection { get; }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _toConnection.Writer.WriteAsync(bytes);
    }

    /// <summary>Sends one message with LSP framing.</summary>
    public Task SendFramedAsync(string json) => SendAsync($"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}");

    /// <summary>The peer stops sending (a half-close).</summary>
    public Task CloseSendingAsync() => _toConnection.Writer.CompleteAsync().AsTask();

    /// <summary>Reads one newline-delimited message.</summary>
    public async Task<JsonElement> ReadLineMessageAsync(TimeSpan? timeout = null)
    {
        string? line = await ReadLineAsync(timeout);
        Assert.NotNull(line);
        return JsonElement.Parse(line!);
    }

    /// <summary>Reads one Content-Length framed message, checking the header is exactly what LSP peers expect.</summary>
    public async Task<JsonElement> ReadFramedMessageAsync(TimeSpan? timeout = null)
    {
        string? header = await ReadLineAsync(timeout);
        Assert.NotNull(header);
        Assert.StartsWith("Content-Length: ", header, StringComparison.Ordinal);
        int length = int.Parse(header!["Content-Length: ".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("\r", await ReadLineAsync(timeout));
        byte[] body = await ReadBytesAsync(length, timeout);
        return JsonElement.Parse(body);
    }

    /// <summary>True once the connection has completed its output and everything was read.</summary>
    public async Task<bool> IsOutputClosedAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TestTimeouts.Default);
        ReadResult read = await _fromConnection.Reader.ReadAsync(cancellation.Token);
        bool closed = read.IsCompleted && read.Buffer.IsEmpty;
        _fromConnection.Reader.AdvanceTo(read.Buffer.Start);
        return closed;
    }

    /// <summary>Everything the connection writes until it closes its output.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TestTimeouts.Default);
        var text = new StringBuilder();
        while (true)
        {
            ReadResult read = await _fromConnection.Reader.ReadAsync(cancellation.Token);
            text.Append(Encoding.UTF8.GetString(read.Buffer));
            _fromConnection.Reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
                return text.ToString();
        }
    }

    private async Task<string?> ReadLineAsync(TimeSpan? timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TestTimeouts.Default);
        while (true)
        {
            ReadResult read = await _fromConnection.Reader.ReadAsync(cancellation.Token);
            ReadOnlySequence<byte> buffer = read.Buffer;
            SequencePosition? newline = buffer.PositionOf((byte)'\n');
            if (newline is { } end)
            {
                string line = Encoding.UTF8.GetString(buffer.Slice(0, end));
                _fromConnection.Reader.AdvanceTo(buffer.GetPosition(1, end));
                return line;
            }
            _fromConnection.Reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
                return null;
        }
    }

    private async Task<byte[]> ReadBytesAsync(int count, TimeSpan? timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TestTimeouts.Default);
        while (true)
        {
            ReadResult read = await _fromConnection.Reader.ReadAsync(cancellation.Token);
            if (read.Buffer.Length >= count)
            {
                byte[] bytes = read.Buffer.Slice(0, count).ToArray();
                _fromConnection.Reader.AdvanceTo(read.Buffer.GetPosition(count));
                return bytes;
            }
            _fromConnection.Reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            Assert.False(read.IsCompleted, "the connection closed in the middle of a message");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _toConnection.Writer.CompleteAsync();
        await _fromConnection.Reader.CompleteAsync();
    }
}
