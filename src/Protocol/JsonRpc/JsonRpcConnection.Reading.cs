using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Unicode;
using Wasmbox.Protocol.Framing;

namespace Wasmbox.Protocol.JsonRpc;

public sealed partial class JsonRpcConnection
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 128,
    };

    /// <summary>Why reading stopped, and whether the peer simply finished sending (so its requests still get answers).</summary>
    private readonly record struct StreamEnd(ConnectionLostException Reason, bool PeerFinishedSending);

    /// <summary>The reading loop, then the closing sequence.</summary>
    private async Task RunAsync()
    {
        ConnectionLostException reason;
        bool drain = false;
        try
        {
            StreamEnd end = await ReadAllAsync().ConfigureAwait(false);
            reason = end.Reason;
            drain = end.PeerFinishedSending && !_stop.IsCancellationRequested;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            reason = _stopReason ?? new ConnectionLostException("The connection was disposed");
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            reason = new ConnectionLostException($"Reading from the connection failed: {exception.Message}", exception);
        }

        _closeReason = reason;
        Trace($"closing: {reason.Message}");
        await StopAsync(drain).ConfigureAwait(false);
    }

    /// <summary>Reads and dispatches messages until the stream ends or breaks the framing; returns why it stopped.</summary>
    private async Task<StreamEnd> ReadAllAsync()
    {
        IFrameReader? frames = Framing is { } configured ? FramingDetector.CreateReader(configured, _options.MaxMessageSize) : null;
        while (true)
        {
            ReadResult read = await _input.ReadAsync(_stop.Token).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = read.Buffer;

            if (frames is null)
            {
                MessageFraming? detected = FramingDetector.Detect(buffer, out FramingError? startError);
                if (startError is not null)
                {
                    // A person typing into socat reads a line best.
                    Interlocked.CompareExchange(ref _framing, (int)MessageFraming.NewlineDelimited + 1, 0);
                    return await RefuseStreamAsync(startError).ConfigureAwait(false);
                }
                if (detected is { } framing)
                {
                    Interlocked.CompareExchange(ref _framing, (int)framing + 1, 0);
                    frames = FramingDetector.CreateReader(framing, _options.MaxMessageSize);
                }
                else
                {
                    buffer = buffer.Slice(buffer.End); // only whitespace so far: nothing worth keeping
                }
            }

            while (frames is not null)
            {
                FrameStatus status = frames.TryReadFrame(ref buffer, out ReadOnlySequence<byte> payload, out FramingError? error);
                if (status == FrameStatus.NeedMoreData)
                    break;
                if (status == FrameStatus.Frame)
                    await ProcessPayloadAsync(payload).ConfigureAwait(false);
                else if (error!.IsFatal)
                    return await RefuseStreamAsync(error).ConfigureAwait(false);
                else
                    await SendAsync(MessageSerializer.Error(JsonRpcId.Null, error.Code, error.Message), batch: null).ConfigureAwait(false);
            }

            if (read.IsCompleted)
                return await FinishStreamAsync(frames, buffer).ConfigureAwait(false);
            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The peer stopped sending: a last unterminated line is still a message; half a frame is an error.</summary>
    private async Task<StreamEnd> FinishStreamAsync(IFrameReader? frames, ReadOnlySequence<byte> remainder)
    {
        if (frames is not null)
        {
            FrameStatus status = frames.ReadFinalFrame(remainder, out ReadOnlySequence<byte> payload, out FramingError? error);
            if (status == FrameStatus.Frame)
                await ProcessPayloadAsync(payload).ConfigureAwait(false);
            else if (status == FrameStatus.Error)
                return await RefuseStreamAsync(error!).ConfigureAwait(false);
        }
        var lastWord = _peerConnectionError;
        var reason = lastWord is null
            ? new ConnectionLostException("The peer closed the connection")
            : new ConnectionLostException($"The peer closed the connection: {lastWord.Message}", lastWord);
        return new StreamEnd(reason, PeerFinishedSending: true);
    }

    /// <summary>Tells the peer what was wrong with its stream (it may still be reading), then gives up on it.</summary>
    private async Task<StreamEnd> RefuseStreamAsync(FramingError error)
    {
        Trace($"refusing the stream: {error.Message}");
        await SendAsync(MessageSerializer.Error(JsonRpcId.Null, error.Code, error.Message), batch: null).ConfigureAwait(false);
        return new StreamEnd(
            new ConnectionLostException($"The connection was closed: {error.Message}", new JsonRpcProtocolException(error.Message)),
            PeerFinishedSending: false);
    }

    private async Task ProcessPayloadAsync(ReadOnlySequence<byte> payload)
    {
        // A message split across pipe segments is copied once into a pooled buffer; one in a single
        // segment (the common case) is parsed where it lies.
        using PooledBufferWriter? copy = payload.IsSingleSegment ? null : CopyOf(payload);
        ReadOnlyMemory<byte> json = copy?.WrittenMemory ?? payload.First;

        // JsonDocument does not check that string contents are UTF-8, and the spec says they must be.
        if (!Utf8.IsValid(json.Span))
        {
            await SendAsync(MessageSerializer.Error(JsonRpcId.Null, JsonRpcErrorCodes.ParseError, "Parse error: the message is not valid UTF-8"), batch: null)
                .ConfigureAwait(false);
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException exception)
        {
            await SendAsync(MessageSerializer.Error(JsonRpcId.Null, JsonRpcErrorCodes.ParseError, $"Parse error: {exception.Message}"), batch: null)
                .ConfigureAwait(false);
            return;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                await ProcessMessageAsync(root, batch: null).ConfigureAwait(false);
            }
            else if (root.GetArrayLength() == 0)
            {
                await SendAsync(MessageSerializer.Error(JsonRpcId.Null, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: empty batch"), batch: null)
                    .ConfigureAwait(false);
            }
            else
            {
                var batch = new BatchResponse(_writer);
                foreach (JsonElement element in root.EnumerateArray())
                    await ProcessMessageAsync(element, batch).ConfigureAwait(false);
                await batch.DispatchedAllAsync().ConfigureAwait(false);
            }
        }
    }

    private static PooledBufferWriter CopyOf(ReadOnlySequence<byte> payload)
    {
        var copy = new PooledBufferWriter((int)payload.Length);
        foreach (ReadOnlyMemory<byte> segment in payload)
            copy.Write(segment.Span);
        return copy;
    }

    private async Task ProcessMessageAsync(JsonElement element, BatchResponse? batch)
    {
        IncomingMessage message = IncomingMessage.Read(element);
        switch (message.Kind)
        {
            case IncomingKind.Request:
                await DispatchRequestAsync(message, batch).ConfigureAwait(false);
                break;
            case IncomingKind.Notification:
                await DispatchNotificationAsync(message).ConfigureAwait(false);
                break;
            case IncomingKind.Response:
                CompleteOutgoing(message);
                break;
            default:
                await SendAsync(MessageSerializer.Error(message.Id, JsonRpcErrorCodes.InvalidRequest, message.Problem!), batch).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Sends a response at once, or adds it to the batch being answered.</summary>
    private Task SendAsync(PooledBufferWriter response, BatchResponse? batch)
    {
        if (batch is null)
            return _writer.WriteAsync(response);
        batch.Add(response);
        return Task.CompletedTask;
    }
}
