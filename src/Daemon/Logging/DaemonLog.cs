using Microsoft.Extensions.Logging;

namespace Wasmbox.Daemon.Logging;

/// <summary>
/// Every log line the daemon writes. Structured, and about the daemon's work only: ids, sizes, kinds,
/// durations. Never argument values, memory contents, names of the guest's choosing or client messages.
/// </summary>
internal static partial class DaemonLog
{
    [LoggerMessage(1, LogLevel.Information, "Listening on {Endpoint} (socket activation: {Activated})")]
    public static partial void Listening(this ILogger logger, string endpoint, bool activated);

    [LoggerMessage(2, LogLevel.Information, "Session {Session} opened ({Sessions} open)")]
    public static partial void SessionOpened(this ILogger logger, long session, int sessions);

    [LoggerMessage(3, LogLevel.Information, "Session {Session} closed after {Requests} requests")]
    public static partial void SessionClosed(this ILogger logger, long session, long requests);

    [LoggerMessage(4, LogLevel.Warning, "Refused a connection: {Sessions} sessions already open (the maximum)")]
    public static partial void SessionRefused(this ILogger logger, int sessions);

    [LoggerMessage(5, LogLevel.Information, "Session {Session} compiled {ModuleId}: {Bytes} bytes in {Milliseconds} ms")]
    public static partial void Compiled(this ILogger logger, long session, string moduleId, int bytes, double milliseconds);

    [LoggerMessage(6, LogLevel.Information, "Session {Session}: module rejected ({ErrorType}) after {Bytes} bytes")]
    public static partial void CompileFailed(this ILogger logger, long session, string errorType, int bytes);

    [LoggerMessage(7, LogLevel.Information, "Session {Session} instantiated {InstanceId} from {ModuleId}")]
    public static partial void Instantiated(this ILogger logger, long session, string instanceId, string moduleId);

    [LoggerMessage(8, LogLevel.Information, "Session {Session}: {InstanceId} stopped with {ErrorType} ({TrapKind})")]
    public static partial void GuestStopped(this ILogger logger, long session, string instanceId, string errorType, string trapKind);

    [LoggerMessage(9, LogLevel.Error, "Session {Session}: {Method} failed unexpectedly")]
    public static partial void MethodFailed(this ILogger logger, Exception exception, long session, string method);

    [LoggerMessage(10, LogLevel.Error, "Accepting a connection failed")]
    public static partial void AcceptFailed(this ILogger logger, Exception exception);

    [LoggerMessage(11, LogLevel.Information, "Stopping: draining {Sessions} sessions for at most {Timeout}")]
    public static partial void Draining(this ILogger logger, int sessions, TimeSpan timeout);

    [LoggerMessage(12, LogLevel.Warning, "Session {Session} still had {Requests} requests running at the end of the drain; closing it")]
    public static partial void DrainTimedOut(this ILogger logger, long session, int requests);
}
