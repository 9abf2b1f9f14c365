namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// The <c>data</c> of an application error (-32000): what kind of failure and its message. The same
/// two members StreamJsonRpc's error data starts with, so its clients read ours.
/// </summary>
public sealed record ErrorData
{
    /// <summary>The failure's kind, e.g. the exception type's full name.</summary>
    public required string Type { get; init; }

    public required string Message { get; init; }
}
