using System.Buffers;
using System.Text.Json;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Cli.Running;

/// <summary>
/// The requests of one <c>wasmbox run</c> (docs/protocol.md: module/compile, instance/create with
/// wasi, instance/invoke, instance/stdin, and the instance/output notifications), made on the
/// connection with untyped (JSON element) params and results.
/// </summary>
/// <remarks>
/// Not through <c>WasmboxClient</c> on purpose: its typed messages need System.Text.Json metadata for
/// every message type, and that metadata is framework generic code over our types (and over
/// <c>bool?</c>, <c>long?</c>, our enums) that ReadyToRun cannot precompile. Building it was about 700
/// JIT-compiled methods and 35 ms of CPU, more than a quarter of a run through a running daemon
/// (docs/design.md, "Start-up"). A run reads three members of the answers and writes a handful of
/// params; the protocol's shape is documented and tested through the client, so this stays a thin
/// mirror of it.
/// </remarks>
internal sealed class RunRequests
{
    private static readonly RpcMethod<JsonElement, JsonElement> Compile = Untyped(WasmboxMethods.ModuleCompile.Name);
    private static readonly RpcMethod<JsonElement, JsonElement> Create = Untyped(WasmboxMethods.InstanceCreate.Name);
    private static readonly RpcMethod<JsonElement, JsonElement> Invoke = Untyped(WasmboxMethods.InstanceInvoke.Name);
    private static readonly RpcMethod<JsonElement, JsonElement> Stdin = Untyped(WasmboxMethods.InstanceStdin.Name);

    private readonly JsonRpcConnection _connection;

    /// <summary>Starts <paramref name="connection"/>, with <paramref name="output"/> handling the guest's output.</summary>
    /// <param name="output">Called on the connection's reading loop for each piece of the guest's output, in order.</param>
    public RunRequests(JsonRpcConnection connection, Action<OutputStream, byte[]> output)
    {
        _connection = connection;
        _connection.AddNotificationHandler(
            new RpcNotification<JsonElement>(WasmboxMethods.InstanceOutput.Name, JsonRpcJsonContext.Default.JsonElement),
            parameters => output(
                parameters.GetProperty("stream"u8).ValueEquals("stderr"u8) ? OutputStream.Stderr : OutputStream.Stdout,
                parameters.GetProperty("bytes"u8).GetBytesFromBase64()));
        _connection.Start();
    }

    /// <summary>module/compile; returns the module id.</summary>
    public async Task<string> CompileAsync(byte[] wasm, CancellationToken cancellation)
    {
        using var parameters = Params(writer => writer.WriteBase64String("bytes"u8, wasm));
        var result = await _connection.InvokeAsync(Compile, parameters.RootElement, cancellation);
        return result.GetProperty("moduleId"u8).GetString()!;
    }

    /// <summary>instance/create with <c>wasi</c> and a streamed stdin; returns the instance id.</summary>
    public async Task<string> CreateWasiInstanceAsync(string moduleId, RunOptions options, CancellationToken cancellation)
    {
        using var parameters = Params(writer =>
        {
            writer.WriteString("moduleId"u8, moduleId);
            writer.WriteStartObject("wasi"u8);
            writer.WriteStartArray("args"u8);
            foreach (var argument in options.Arguments) writer.WriteStringValue(argument);
            writer.WriteEndArray();
            writer.WriteStartObject("env"u8);
            // A name given twice keeps its last value, as in a shell.
            var environment = new Dictionary<string, string>();
            foreach (var (name, value) in options.Environment) environment[name] = value;
            foreach (var (name, value) in environment) writer.WriteString(name, value);
            writer.WriteEndObject();
            writer.WriteStartArray("preopens"u8);
            foreach (var directory in options.Directories)
            {
                writer.WriteStartObject();
                writer.WriteString("host"u8, directory.Host);
                writer.WriteString("guest"u8, directory.Guest);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("streamStdin"u8, true);
            writer.WriteBoolean("stdinIsTerminal"u8, !Console.IsInputRedirected);
            writer.WriteBoolean("stdoutIsTerminal"u8, !Console.IsOutputRedirected);
            writer.WriteBoolean("stderrIsTerminal"u8, !Console.IsErrorRedirected);
            writer.WriteEndObject();
        });
        var result = await _connection.InvokeAsync(Create, parameters.RootElement, cancellation);
        return result.GetProperty("instanceId"u8).GetString()!;
    }

    /// <summary>instance/invoke of a WASI command's export; returns its exit code (0 when it returned).</summary>
    public async Task<int> RunCommandAsync(string instanceId, string export, TimeSpan? deadline, CancellationToken cancellation)
    {
        using var parameters = Params(writer =>
        {
            writer.WriteString("instanceId"u8, instanceId);
            writer.WriteString("export"u8, export);
            if (deadline is { } d) writer.WriteNumber("deadlineMs"u8, (long)Math.Ceiling(d.TotalMilliseconds));
        });
        var result = await _connection.InvokeAsync(Invoke, parameters.RootElement, cancellation);
        return result.TryGetProperty("exitCode"u8, out var exitCode) && exitCode.ValueKind == JsonValueKind.Number ? exitCode.GetInt32() : 0;
    }

    /// <summary>instance/stdin: more of the guest's stdin, or (<paramref name="close"/>) its end.</summary>
    public async Task WriteStdinAsync(string instanceId, ReadOnlyMemory<byte> bytes, bool close, CancellationToken cancellation)
    {
        using var parameters = Params(writer =>
        {
            writer.WriteString("instanceId"u8, instanceId);
            writer.WriteBase64String("bytes"u8, bytes.Span);
            writer.WriteBoolean("close"u8, close);
        });
        await _connection.InvokeAsync(Stdin, parameters.RootElement, cancellation);
    }

    private static RpcMethod<JsonElement, JsonElement> Untyped(string name) =>
        new(name, JsonRpcJsonContext.Default.JsonElement, JsonRpcJsonContext.Default.JsonElement);

    /// <summary>A params object with the members <paramref name="writeMembers"/> writes.</summary>
    private static JsonDocument Params(Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
