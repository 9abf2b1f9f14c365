using System.Buffers.Text;
using System.Text;

namespace Wasmbox.Benchmarks.Daemon;

/// <summary>
/// The bytes of <c>instance/invoke</c> requests and responses as the raw-socket scenarios write
/// them, and as the ping-pong server echoes them: the same shapes and sizes the daemon sees and sends.
/// </summary>
internal static class InvokeMessages
{
    private static ReadOnlySpan<byte> Start => "{\"jsonrpc\":\"2.0\",\"id\":"u8;

    /// <summary>The request for <c>add(1, 2)</c> on <paramref name="instanceId"/>, without its id (written per call).</summary>
    public static byte[] AddRequestTail(string instanceId) =>
        Encoding.UTF8.GetBytes($",\"method\":\"instance/invoke\",\"params\":{{\"instanceId\":\"{instanceId}\",\"export\":\"add\",\"args\":[1,2]}}}}");

    /// <summary>What the daemon answers to <c>add(1, 2)</c>, without the id.</summary>
    public static byte[] AddResponseTail { get; } = ",\"result\":{\"results\":[3]}}"u8.ToArray();

    /// <summary>Writes <c>{"jsonrpc":"2.0","id":ID</c> and then <paramref name="tail"/>; returns the length.</summary>
    public static int Write(Span<byte> output, long id, ReadOnlySpan<byte> tail)
    {
        Start.CopyTo(output);
        Utf8Formatter.TryFormat(id, output[Start.Length..], out int digits);
        tail.CopyTo(output[(Start.Length + digits)..]);
        return Start.Length + digits + tail.Length;
    }
}
