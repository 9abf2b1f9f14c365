using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// Writes JSON-RPC envelopes into pooled buffers. Serializing before taking the connection's write
/// lock keeps the lock short and lets a failed serialization turn into an error response instead of
/// half a message on the wire.
/// </summary>
internal static class MessageSerializer
{
    // Relaxed escaping: this JSON never lands in HTML, and escaping every non-ASCII character would
    // only make messages larger. Control characters and quotes are still escaped, so no output
    // contains a raw newline (which newline-delimited framing relies on).
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    [ThreadStatic]
    private static Utf8JsonWriter? t_cachedWriter;

    public static PooledBufferWriter Request<T>(long id, string method, T parameters, JsonTypeInfo<T> paramsType) =>
        Write((id, method, parameters, paramsType), static (writer, state) =>
        {
            writer.WriteNumber("id"u8, state.id);
            writer.WriteString("method"u8, state.method);
            writer.WritePropertyName("params"u8);
            JsonSerializer.Serialize(writer, state.parameters, state.paramsType);
        });

    public static PooledBufferWriter Notification<T>(string method, T parameters, JsonTypeInfo<T> paramsType) =>
        Write((method, parameters, paramsType), static (writer, state) =>
        {
            writer.WriteString("method"u8, state.method);
            writer.WritePropertyName("params"u8);
            JsonSerializer.Serialize(writer, state.parameters, state.paramsType);
        });

    public static PooledBufferWriter CancelRequest(long id) =>
        Write(id, static (writer, id) =>
        {
            writer.WriteString("method"u8, "$/cancelRequest"u8);
            writer.WriteStartObject("params"u8);
            writer.WriteNumber("id"u8, id);
            writer.WriteEndObject();
        });

    public static PooledBufferWriter Result<T>(JsonRpcId id, T result, JsonTypeInfo<T> resultType) =>
        Write((id, result, resultType), static (writer, state) =>
        {
            writer.WritePropertyName("id"u8);
            state.id.WriteTo(writer);
            writer.WritePropertyName("result"u8);
            JsonSerializer.Serialize(writer, state.result, state.resultType);
        });

    public static PooledBufferWriter Error(JsonRpcId id, int code, string message, JsonElement? data = null) =>
        Write((id, code, message, data), static (writer, state) =>
        {
            WriteErrorStart(writer, state.id, state.code, state.message);
            if (state.data is { ValueKind: not JsonValueKind.Undefined } value)
            {
                writer.WritePropertyName("data"u8);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        });

    public static PooledBufferWriter Error(JsonRpcId id, int code, string message, ErrorData data) =>
        Write((id, code, message, data), static (writer, state) =>
        {
            WriteErrorStart(writer, state.id, state.code, state.message);
            writer.WritePropertyName("data"u8);
            JsonSerializer.Serialize(writer, state.data, JsonRpcJsonContext.Default.ErrorData);
            writer.WriteEndObject();
        });

    /// <summary>Joins already-serialized responses into one batch array (and disposes them).</summary>
    public static PooledBufferWriter Batch(IReadOnlyList<PooledBufferWriter> responses)
    {
        int length = 2 + responses.Count;
        foreach (PooledBufferWriter response in responses)
            length += response.WrittenCount;

        var batch = new PooledBufferWriter(length);
        batch.Write("["u8);
        for (int i = 0; i < responses.Count; i++)
        {
            if (i > 0)
                batch.Write(","u8);
            batch.Write(responses[i].WrittenSpan);
            responses[i].Dispose();
        }
        batch.Write("]"u8);
        return batch;
    }

    private static void WriteErrorStart(Utf8JsonWriter writer, JsonRpcId id, int code, string message)
    {
        writer.WritePropertyName("id"u8);
        id.WriteTo(writer);
        writer.WriteStartObject("error"u8);
        writer.WriteNumber("code"u8, code);
        writer.WriteString("message"u8, message);
    }

    /// <summary>Writes <c>{"jsonrpc":"2.0", ...members}</c>; on failure returns the buffer and rethrows.</summary>
    private static PooledBufferWriter Write<TState>(TState state, Action<Utf8JsonWriter, TState> writeMembers)
    {
        var output = new PooledBufferWriter();
        Utf8JsonWriter writer = RentWriter(output);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            writeMembers(writer, state);
            writer.WriteEndObject();
            writer.Flush();
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
        finally
        {
            ReturnWriter(writer);
        }
    }

    // One Utf8JsonWriter per thread, reset for each message; a nested use (a converter serializing a
    // message) finds the slot empty and gets its own.
    private static Utf8JsonWriter RentWriter(PooledBufferWriter output)
    {
        Utf8JsonWriter? writer = t_cachedWriter;
        if (writer is null)
            return new Utf8JsonWriter(output, WriterOptions);
        t_cachedWriter = null;
        writer.Reset(output);
        return writer;
    }

    private static void ReturnWriter(Utf8JsonWriter writer)
    {
        writer.Reset(Stream.Null);
        t_cachedWriter = writer;
    }
}
