namespace Wasmbox.Protocol.Framing;

internal enum FrameStatus
{
    /// <summary>No complete frame yet: read more bytes and call again.</summary>
    NeedMoreData,

    /// <summary>A complete message payload was read.</summary>
    Frame,

    /// <summary>The stream broke the framing rules; see the <see cref="FramingError"/>.</summary>
    Error,
}
