using Wasmbox.Protocol.Contract;

namespace Wasmbox.Daemon.Wasi;

/// <summary>
/// A WASI program's stdin as the client writes it (<c>instance/stdin</c>): a bounded buffer between
/// the client's requests, which wait for room (backpressure), and the guest's reads, which wait for
/// bytes or the close. Waits are signals only: whoever gives up waiting leaves nothing behind.
/// </summary>
/// <remarks>
/// Once the client has stopped sending (its connection's reading side ended), no more bytes can come:
/// stdin then ends after what is buffered, and writers still waiting for room give up. Without this,
/// a guest waiting for input, or a write waiting for a guest that does not read, would hold the
/// session open, since a connection answers the requests it already received before it closes.
/// </remarks>
internal sealed class StdinBuffer
{
    /// <summary>How many unread bytes the daemon holds for one guest before a writer waits.</summary>
    public const int Capacity = 1 << 20;

    /// <summary>How often a wait looks whether the client is still sending.</summary>
    public static readonly TimeSpan PeerCheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private readonly Queue<ArraySegment<byte>> _chunks = new();
    private readonly SemaphoreSlim _writers = new(1, 1);
    private readonly int _capacity;
    private readonly Func<bool> _clientStoppedSending;
    private int _buffered;

    /// <summary>How much of the first chunk the guest has already read.</summary>
    private int _readInFirst;
    private bool _closed;
    private TaskCompletionSource<bool>? _readable;
    private TaskCompletionSource<bool>? _writable;

    public StdinBuffer(Func<bool> clientStoppedSending, int capacity = Capacity)
    {
        _clientStoppedSending = clientStoppedSending;
        _capacity = capacity;
    }

    /// <summary>A stdin given whole: all its bytes, then end-of-file.</summary>
    public static StdinBuffer Complete(byte[] bytes)
    {
        var buffer = new StdinBuffer(() => false, int.MaxValue);
        if (bytes.Length > 0) buffer._chunks.Enqueue(bytes);
        buffer._buffered = bytes.Length;
        buffer._closed = true;
        return buffer;
    }

    /// <summary>
    /// Copies what is buffered into <paramref name="destination"/>: the count, 0 at end-of-file, or
    /// -1 with <paramref name="wait"/> completing once there may be more.
    /// </summary>
    public int TryRead(Span<byte> destination, out Task<bool>? wait)
    {
        wait = null;
        lock (_lock)
        {
            if (destination.IsEmpty) return 0;
            if (_buffered == 0)
            {
                if (_closed) return 0;
                wait = (_readable ??= NewSignal()).Task;
                return -1;
            }

            int copied = 0;
            while (copied < destination.Length && _chunks.TryPeek(out var chunk))
            {
                var unread = chunk.AsSpan(_readInFirst);
                int n = Math.Min(unread.Length, destination.Length - copied);
                unread[..n].CopyTo(destination[copied..]);
                copied += n;
                _readInFirst += n;
                if (_readInFirst == chunk.Count)
                {
                    _chunks.Dequeue();
                    _readInFirst = 0;
                }
            }

            _buffered -= copied;
            Signal(ref _writable);
            return copied;
        }
    }

    /// <summary>
    /// Buffers <paramref name="bytes"/> (waiting for room as the guest reads), then closes when asked.
    /// Writes of concurrent requests do not interleave.
    /// </summary>
    public async Task WriteAsync(byte[] bytes, bool close, CancellationToken cancellation)
    {
        await _writers.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            int offset = 0;
            while (true)
            {
                Task<bool>? wait = null;
                lock (_lock)
                {
                    if (_closed) throw WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, "the instance's stdin is already closed");
                    int room = _capacity - _buffered;
                    if (room > 0 && offset < bytes.Length)
                    {
                        int n = Math.Min(room, bytes.Length - offset);
                        _chunks.Enqueue(new ArraySegment<byte>(bytes, offset, n));
                        _buffered += n;
                        offset += n;
                        Signal(ref _readable);
                    }

                    if (offset == bytes.Length)
                    {
                        if (close)
                        {
                            _closed = true;
                            Signal(ref _readable);
                        }

                        return;
                    }

                    wait = (_writable ??= NewSignal()).Task;
                }

                await Task.WhenAny(wait, Task.Delay(PeerCheckInterval, cancellation)).ConfigureAwait(false);
                cancellation.ThrowIfCancellationRequested();
                CheckClient();
            }
        }
        finally
        {
            _writers.Release();
        }
    }

    /// <summary>Ends stdin after what is buffered once the client can send no more (see the remarks).</summary>
    public void CheckClient()
    {
        if (!_clientStoppedSending()) return;
        lock (_lock)
        {
            _closed = true;
            Signal(ref _readable);
            Signal(ref _writable);
        }
    }

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void Signal(ref TaskCompletionSource<bool>? signal)
    {
        signal?.TrySetResult(true);
        signal = null;
    }
}
