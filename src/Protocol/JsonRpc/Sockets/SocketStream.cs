using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Wasmbox.Protocol.JsonRpc.Sockets;

/// <summary>
/// A connected stream socket read and written with plain system calls on its descriptor instead of
/// through .NET's socket engine, and read by a thread of its own.
/// </summary>
/// <remarks>
/// <para>Why: the engine learns that data arrived on its epoll thread and hands the read to a pool
/// thread, two thread wake-ups before a message is even parsed. Here the reading thread waits in
/// poll(2) and the kernel wakes it directly; the connection's reading loop runs on it. Writes are
/// non-blocking sends made by whichever thread writes; only a full socket buffer sends the rest of a
/// write to a pool thread that waits for room.</para>
/// <para>The reading loop stays asynchronous: a read it asks for on the reading thread blocks that
/// thread until data comes; a read asked for on another thread (the loop went on elsewhere after
/// waiting for something else) is handed to the reading thread, and the loop continues there.</para>
/// <para>Every wait also polls an eventfd that <see cref="Stop"/> signals, so stopping ends it at once.</para>
/// </remarks>
internal sealed class SocketStream : Stream
{
    private readonly Socket _socket;
    private readonly bool _ownsSocket;
    private readonly SafeFileHandle _wake;
    private readonly SemaphoreSlim _handOffSignal = new(0);
    private HandedOffRead? _handedOff;
    private Thread? _readingThread;
    private volatile bool _stopped;

    public SocketStream(Socket socket, bool ownsSocket)
    {
        _socket = socket ?? throw new ArgumentNullException(nameof(socket));
        _ownsSocket = ownsSocket;
        int wake = Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (wake < 0)
            throw new IOException($"eventfd failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        _wake = new SafeFileHandle(wake, ownsHandle: true);
    }

    /// <summary>The system calls used are Linux's; elsewhere the connection uses a NetworkStream.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>
    /// Runs <paramref name="loop"/> on a new thread, which then serves the reads the loop hands it
    /// until <see cref="Stop"/>.
    /// </summary>
    public void StartReadingThread(Func<Task> loop, string name)
    {
        _readingThread = new Thread(() => ReadingThread(loop)) { IsBackground = true, Name = name };
        _readingThread.Start();
    }

    /// <summary>Ends every wait, now and later; reads then fail with OperationCanceledException. Idempotent.</summary>
    public void Stop()
    {
        if (_stopped)
            return;
        _stopped = true;
        bool added = false;
        try
        {
            _wake.DangerousAddRef(ref added);
            ulong one = 1;
            _ = Libc.write((int)_wake.DangerousGetHandle(), ref one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // Disposed: nobody waits any more.
        }
        finally
        {
            if (added)
                _wake.DangerousRelease();
        }
        _handOffSignal.Release();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_readingThread is null || Thread.CurrentThread == _readingThread)
        {
            try
            {
                return new ValueTask<int>(Receive(buffer.Span, cancellationToken));
            }
            catch (Exception exception)
            {
                return ValueTask.FromException<int>(exception);
            }
        }

        var read = new HandedOffRead(buffer, cancellationToken);
        Volatile.Write(ref _handedOff, read);
        _handOffSignal.Release();
        // The reading thread may have ended just before: then nobody else will take it.
        if (_stopped && Interlocked.Exchange(ref _handedOff, null) is { } orphan)
            orphan.Run(this);
        return new ValueTask<int>(read.Task);
    }

    public override int Read(Span<byte> buffer) => Receive(buffer, CancellationToken.None);

    public override int Read(byte[] buffer, int offset, int count) => Receive(buffer.AsSpan(offset, count), CancellationToken.None);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            int sent = SendWithoutWaiting(buffer.Span);
            if (sent == buffer.Length)
                return ValueTask.CompletedTask;
            ReadOnlyMemory<byte> rest = buffer[sent..];
            return new ValueTask(Task.Run(() => Send(rest.Span, cancellationToken), CancellationToken.None));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException(exception);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer) => Send(buffer, CancellationToken.None);

    public override void Write(byte[] buffer, int offset, int count) => Send(buffer.AsSpan(offset, count), CancellationToken.None);

    // Nothing is buffered here; the base class would run Flush on the thread pool.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Stop();
            if (_ownsSocket)
                _socket.Dispose();
            _wake.Dispose();
        }
        base.Dispose(disposing);
    }

    private void ReadingThread(Func<Task> loop)
    {
        // The loop runs here until it first waits for something other than a read.
        _ = loop();
        while (!_stopped)
        {
            _handOffSignal.Wait();
            Interlocked.Exchange(ref _handedOff, null)?.Run(this);
        }
        Interlocked.Exchange(ref _handedOff, null)?.Run(this);
    }

    private int Receive(Span<byte> buffer, CancellationToken cancellation)
    {
        while (true)
        {
            ThrowIfStopped(cancellation);
            using var descriptor = new Lease(_socket.SafeHandle);
            nint received = Libc.recv(descriptor.Value, ref MemoryMarshal.GetReference(buffer), buffer.Length, Libc.MSG_DONTWAIT);
            if (received >= 0)
                return (int)received;
            int error = Marshal.GetLastPInvokeError();
            if (error == Libc.EAGAIN)
                WaitFor(descriptor.Value, Libc.POLLIN);
            else if (error != Libc.EINTR)
                throw Failure("Reading from", error);
        }
    }

    /// <summary>Sends all of <paramref name="buffer"/>, waiting for room as often as needed.</summary>
    private void Send(ReadOnlySpan<byte> buffer, CancellationToken cancellation)
    {
        while (true)
        {
            buffer = buffer[SendWithoutWaiting(buffer)..];
            if (buffer.IsEmpty)
                return;
            ThrowIfStopped(cancellation);
            using var descriptor = new Lease(_socket.SafeHandle);
            WaitFor(descriptor.Value, Libc.POLLOUT);
        }
    }

    /// <summary>Sends what the socket takes at once; returns how much that was.</summary>
    private int SendWithoutWaiting(ReadOnlySpan<byte> buffer)
    {
        using var descriptor = new Lease(_socket.SafeHandle);
        int total = 0;
        while (total < buffer.Length)
        {
            ReadOnlySpan<byte> rest = buffer[total..];
            nint sent = Libc.send(descriptor.Value, ref MemoryMarshal.GetReference(rest), rest.Length, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
            if (sent >= 0)
            {
                total += (int)sent;
                continue;
            }
            int error = Marshal.GetLastPInvokeError();
            if (error == Libc.EAGAIN)
                break;
            if (error != Libc.EINTR)
                throw Failure("Writing to", error);
        }
        return total;
    }

    /// <summary>
    /// Completes with true once the peer has closed its end altogether, or with false at
    /// <see cref="Stop"/>. The end of the stream cannot tell that apart: a peer that only finished
    /// sending (shutdown for writing) still reads; one that closed leaves our end shut both ways,
    /// which poll reports as POLLHUP, asked for or not. Waits on a thread of its own.
    /// </summary>
    public Task<bool> WaitForHangUpAsync() =>
        Task.Factory.StartNew(WaitForHangUp, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private bool WaitForHangUp()
    {
        try
        {
            using var descriptor = new Lease(_socket.SafeHandle);
            using var wake = new Lease(_wake);
            Span<Libc.PollEntry> entries = stackalloc Libc.PollEntry[2];
            while (!_stopped)
            {
                entries[0] = new Libc.PollEntry { Descriptor = descriptor.Value };
                entries[1] = new Libc.PollEntry { Descriptor = wake.Value, Events = Libc.POLLIN };
                if (Libc.poll(ref MemoryMarshal.GetReference(entries), 2, -1) < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Libc.EINTR)
                        continue;
                    return false;
                }
                if ((entries[0].ReturnedEvents & Libc.POLLHUP) != 0)
                    return true;
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile: nobody is waiting for the answer any more.
        }
        return false;
    }

    /// <summary>Waits until <paramref name="events"/> may have happened on the socket, or until <see cref="Stop"/>.</summary>
    private void WaitFor(int socket, short events)
    {
        using var wake = new Lease(_wake);
        Span<Libc.PollEntry> entries = stackalloc Libc.PollEntry[2];
        entries[0] = new Libc.PollEntry { Descriptor = socket, Events = events };
        entries[1] = new Libc.PollEntry { Descriptor = wake.Value, Events = Libc.POLLIN };
        if (Libc.poll(ref MemoryMarshal.GetReference(entries), 2, -1) < 0 && Marshal.GetLastPInvokeError() is var error && error != Libc.EINTR)
            throw Failure("Waiting on", error);
        // The caller tries again; hang-ups and errors show up in that attempt.
    }

    private void ThrowIfStopped(CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        if (_stopped)
            throw new OperationCanceledException("The connection stopped using the socket");
    }

    private static IOException Failure(string what, int error) =>
        new($"{what} the socket failed: {Marshal.GetPInvokeErrorMessage(error)}");

    /// <summary>Holds a handle's descriptor open while a call uses it, so it cannot be closed and reused meanwhile.</summary>
    private ref struct Lease
    {
        private readonly SafeHandle _handle;
        private bool _added;

        public Lease(SafeHandle handle)
        {
            _handle = handle;
            _added = false;
            handle.DangerousAddRef(ref _added);
            Value = (int)handle.DangerousGetHandle();
        }

        public int Value { get; }

        public void Dispose()
        {
            if (_added)
            {
                _added = false;
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>A read asked for off the reading thread, for the reading thread to make.</summary>
    private sealed class HandedOffRead(Memory<byte> buffer, CancellationToken cancellation)
    {
        // Completed on the reading thread, continuations inline: that moves the reading loop back there.
        private readonly TaskCompletionSource<int> _result = new();

        public Task<int> Task => _result.Task;

        public void Run(SocketStream stream)
        {
            int received;
            try
            {
                received = stream.Receive(buffer.Span, cancellation);
            }
            catch (Exception exception)
            {
                _result.TrySetException(exception);
                return;
            }
            _result.TrySetResult(received);
        }
    }
}
