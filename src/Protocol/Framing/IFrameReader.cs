using System.Buffers;

namespace Wasmbox.Protocol.Framing;

/// <summary>
/// Cuts message payloads out of the bytes a <see cref="System.IO.Pipelines.PipeReader"/> has buffered.
/// Readers keep their own state between calls, so a frame may arrive one byte at a time.
/// </summary>
internal interface IFrameReader
{
    /// <summary>
    /// Reads the next frame from <paramref name="buffer"/>, which is advanced past every byte consumed
    /// (including bytes consumed without completing a frame). The payload is a slice of the caller's
    /// buffer and is valid only until the caller advances its pipe.
    /// </summary>
    FrameStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload, out FramingError? error);

    /// <summary>
    /// Called once the stream has ended with <paramref name="remainder"/> still unconsumed: either the
    /// last message (a final line without its newline) or an error describing the truncated frame.
    /// </summary>
    FrameStatus ReadFinalFrame(ReadOnlySequence<byte> remainder, out ReadOnlySequence<byte> payload, out FramingError? error);
}
