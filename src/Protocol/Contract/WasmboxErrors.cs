using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Protocol.Contract;

/// <summary>
/// The <c>data</c> of the daemon's application errors (code -32000): <c>type</c> says what failed, and
/// the members after it add what that kind of failure knows.
/// </summary>
public sealed record WasmboxErrorData
{
    /// <summary>One of <see cref="WasmboxErrorTypes"/>.</summary>
    public required string Type { get; init; }

    public required string Message { get; init; }

    /// <summary>For a Trap: the trap's kind in the spec's words ("unreachable", "integer divide by zero", ...).</summary>
    public string? TrapKind { get; init; }

    /// <summary>For a Trap, DeadlineExceeded or HostError: the wasm frames, innermost first.</summary>
    public string[]? WasmStack { get; init; }

    /// <summary>For a CompileError: the byte offset in the module where decoding or validation failed.</summary>
    public long? Offset { get; init; }
}

/// <summary>The values of <see cref="WasmboxErrorData.Type"/>.</summary>
public static class WasmboxErrorTypes
{
    /// <summary>module/compile: the bytes are not a valid module.</summary>
    public const string CompileError = "CompileError";

    /// <summary>instance/create: an import is not satisfied or has the wrong type.</summary>
    public const string LinkError = "LinkError";

    /// <summary>The wasm code trapped.</summary>
    public const string Trap = "Trap";

    /// <summary>The call ran past its deadline and was stopped.</summary>
    public const string DeadlineExceeded = "DeadlineExceeded";

    /// <summary>
    /// A running call was stopped before it finished because its instance was disposed, its session
    /// is closing, or a call it was nested in was cancelled. (A call the client itself cancelled with
    /// <c>$/cancelRequest</c> is answered -32800 instead.)
    /// </summary>
    public const string Cancelled = "Cancelled";

    /// <summary>A host/call the client answered with an error (or never answered).</summary>
    public const string HostError = "HostError";

    /// <summary>No such module, instance, export, memory or global.</summary>
    public const string NotFound = "NotFound";

    /// <summary>A memory read or write outside the memory.</summary>
    public const string OutOfBounds = "OutOfBounds";

    /// <summary>The request asks for more than the daemon allows.</summary>
    public const string LimitExceeded = "LimitExceeded";

    /// <summary>The operation does not apply (setting an immutable global, invoking a non-function).</summary>
    public const string InvalidOperation = "InvalidOperation";
}

/// <summary>Builds the exceptions a daemon handler throws to answer with a typed application error.</summary>
public static class WasmboxErrors
{
    public static JsonRpcException Create(string type, string message) =>
        Create(new WasmboxErrorData { Type = type, Message = message });

    public static JsonRpcException Create(WasmboxErrorData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return JsonRpcException.WithData(JsonRpcErrorCodes.ApplicationError, data.Message, data, WasmboxJsonContext.Default.WasmboxErrorData);
    }

    public static JsonRpcException Trap(string message, string trapKind, string[]? wasmStack = null) =>
        Create(new WasmboxErrorData { Type = WasmboxErrorTypes.Trap, Message = message, TrapKind = trapKind, WasmStack = wasmStack });

    public static JsonRpcException NotFound(string message) => Create(WasmboxErrorTypes.NotFound, message);

    /// <summary>Reads the typed data of an error the daemon sent; null for other errors.</summary>
    public static WasmboxErrorData? GetData(RemoteRpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Code == JsonRpcErrorCodes.ApplicationError
            ? exception.GetErrorData(WasmboxJsonContext.Default.WasmboxErrorData)
            : null;
    }
}
