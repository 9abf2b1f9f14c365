using System.Text.Json;

namespace Wasmbox.Daemon.Tests.Support;

/// <summary>JSON-RPC messages written out by hand, and reading the daemon's answers, for <see cref="RawConnection"/>.</summary>
public static class RawProtocol
{
    public static string Request(int id, string method, string paramsJson) =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{paramsJson}}}";

    public static string Request(int id, string method) => $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\"}}";

    public static string Compile(int id, byte[] module) => Request(id, "module/compile", $"{{\"bytes\":\"{Convert.ToBase64String(module)}\"}}");

    public static string CreateInstance(int id, string moduleId, string hostFunctionsJson = "[]") =>
        Request(id, "instance/create", $"{{\"moduleId\":\"{moduleId}\",\"hostFunctions\":{hostFunctionsJson}}}");

    public static string Invoke(int id, string instanceId, string export, string argsJson, int deadlineMs) =>
        Request(id, "instance/invoke", $"{{\"instanceId\":\"{instanceId}\",\"export\":\"{export}\",\"args\":{argsJson},\"deadlineMs\":{deadlineMs}}}");

    /// <summary>Compiles and instantiates over newline-delimited JSON (ids 1 and 2); returns the instance id.</summary>
    public static async Task<string> InstantiateAsync(RawConnection connection, byte[] module, string hostFunctionsJson = "[]")
    {
        await connection.SendLineAsync(Compile(1, module));
        string moduleId = ResultOf(await connection.ReadLineAsync(), 1).GetProperty("moduleId").GetString()!;
        await connection.SendLineAsync(CreateInstance(2, moduleId, hostFunctionsJson));
        return ResultOf(await connection.ReadLineAsync(), 2).GetProperty("instanceId").GetString()!;
    }

    /// <summary>The result of the response to request <paramref name="id"/>; fails on anything else.</summary>
    public static JsonElement ResultOf(JsonElement? message, int id)
    {
        JsonElement response = Assert.NotNull(message);
        Assert.True(response.TryGetProperty("result", out JsonElement result), $"expected a result for request {id}, got {response}");
        Assert.Equal(id, response.GetProperty("id").GetInt32());
        return result;
    }

    /// <summary>The error of <paramref name="message"/>, checked to have <paramref name="code"/>.</summary>
    public static JsonElement ErrorOf(JsonElement? message, int code)
    {
        JsonElement response = Assert.NotNull(message);
        Assert.True(response.TryGetProperty("error", out JsonElement error), $"expected an error, got {response}");
        Assert.True(code == error.GetProperty("code").GetInt32(), $"expected error {code}, got {response}");
        return error;
    }

    /// <summary>The error answering request <paramref name="id"/>: its code must be <paramref name="code"/>.</summary>
    public static JsonElement ErrorOf(JsonElement? message, int code, int id)
    {
        JsonElement error = ErrorOf(message, code);
        Assert.Equal(id, message!.Value.GetProperty("id").GetInt32());
        return error;
    }

    /// <summary>The error of a message the daemon could not attribute to a request (id null).</summary>
    public static JsonElement ErrorWithoutId(JsonElement? message, int code)
    {
        JsonElement error = ErrorOf(message, code);
        Assert.Equal(JsonValueKind.Null, message!.Value.GetProperty("id").ValueKind);
        return error;
    }

    /// <summary>data.type of a -32000 application error.</summary>
    public static string? ErrorType(JsonElement error) => error.GetProperty("data").GetProperty("type").GetString();
}
