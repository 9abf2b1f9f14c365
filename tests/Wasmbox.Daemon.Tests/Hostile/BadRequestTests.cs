using Wasmbox.Daemon.Tests.Support;
using static Wasmbox.Daemon.Tests.Support.RawProtocol;

namespace Wasmbox.Daemon.Tests.Hostile;

/// <summary>
/// Well-formed JSON-RPC that asks for nonsense: unknown methods, params of the wrong types, responses
/// to requests the daemon never made. Each is answered with the documented error (or, for what is
/// not a request, with nothing), the connection goes on, and a second session's call succeeds.
/// </summary>
public sealed class BadRequestTests : HostileClientTest
{
    [Fact]
    public async Task UnknownMethodsAreMethodNotFoundAndUnknownNotificationsAreIgnored()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await hostile.SendLineAsync(Request(1, "no/such/method", "{}"));
        ErrorOf(await hostile.ReadLineAsync(), -32601, 1);
        await hostile.SendLineAsync(Request(2, "host/call", "{}")); // the daemon calls it; clients may not
        ErrorOf(await hostile.ReadLineAsync(), -32601, 2);

        await hostile.SendLineAsync("{\"jsonrpc\":\"2.0\",\"method\":\"no/such/notification\",\"params\":[1]}");
        await hostile.SendLineAsync("{\"jsonrpc\":\"2.0\",\"method\":\"$/setTrace\",\"params\":{\"value\":\"verbose\"}}");
        await hostile.SendLineAsync("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":\"never sent\"}}");
        await hostile.SendLineAsync(Request(3, "engine/info"));

        // Notifications get no answer, so the next message is the answer to request 3.
        ResultOf(await hostile.ReadLineAsync(), 3);
        await Other.CallSucceedsAsync();
    }

    [Theory]
    [InlineData("module/compile", "{\"bytes\":42}")]
    [InlineData("module/compile", "{\"bytes\":\"this is not base64!\"}")]
    [InlineData("module/compile", "{}")]
    [InlineData("module/compile", "{\"bytes\":null}")]
    [InlineData("module/compile", "[\"AGFzbQEAAAA=\",\"extra\"]")]
    [InlineData("instance/create", "{\"moduleId\":17}")]
    [InlineData("instance/create", "{\"moduleId\":\"m1\",\"hostFunctions\":\"env.f\"}")]
    [InlineData("instance/create", "{\"moduleId\":\"m1\",\"limits\":{\"deadlineMs\":\"soon\"}}")]
    [InlineData("instance/invoke", "{\"instanceId\":{\"id\":1},\"export\":\"add\"}")]
    [InlineData("instance/invoke", "{\"instanceId\":\"i1\",\"export\":\"add\",\"args\":\"1,2\"}")]
    [InlineData("instance/invoke", "{\"instanceId\":\"i1\",\"export\":\"add\",\"deadlineMs\":true}")]
    [InlineData("instance/memory/read", "{\"instanceId\":\"i1\",\"offset\":\"zero\",\"length\":5}")]
    [InlineData("instance/memory/read", "{\"instanceId\":\"i1\",\"offset\":0.5,\"length\":5}")]
    [InlineData("instance/memory/write", "{\"instanceId\":\"i1\",\"offset\":0,\"bytes\":[104,105]}")]
    [InlineData("instance/global/set", "[\"i1\"]")]
    [InlineData("engine/info", "[1]")]
    public async Task ParamsOfTheWrongTypeAreInvalidParams(string method, string paramsJson)
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        string instance = await RawProtocol.InstantiateAsync(hostile, TestModules.Arithmetic);

        await hostile.SendLineAsync(Request(3, method, paramsJson));

        ErrorOf(await hostile.ReadLineAsync(), -32602, 3);
        await hostile.SendLineAsync(Invoke(4, instance, "add", "[20,22]", 5000));
        Assert.Equal(42, ResultOf(await hostile.ReadLineAsync(), 4).GetProperty("results")[0].GetInt32());
    }

    [Theory]
    [InlineData("[1,2.5]")]
    [InlineData("[1]")]
    [InlineData("[1,2,3]")]
    [InlineData("[1,\"two\"]")]
    [InlineData("[1,4294967296]")]
    [InlineData("[1,{\"bits\":\"0x1ffffffff\"}]")]
    [InlineData("[1,null]")]
    public async Task ArgumentsThatDoNotFitTheSignatureAreInvalidParams(string argsJson)
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        string instance = await RawProtocol.InstantiateAsync(hostile, TestModules.Arithmetic);

        await hostile.SendLineAsync(Invoke(3, instance, "add", argsJson, 5000));

        ErrorOf(await hostile.ReadLineAsync(), -32602, 3);
    }

    [Fact]
    public async Task IdsThatNameNothingAreNotFound()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        string instance = await RawProtocol.InstantiateAsync(hostile, TestModules.Arithmetic);

        await hostile.SendLineAsync(Invoke(3, "i99", "add", "[1,2]", 5000));
        Assert.Equal("NotFound", ErrorType(ErrorOf(await hostile.ReadLineAsync(), -32000, 3)));
        await hostile.SendLineAsync(Invoke(4, instance, "nope", "[]", 5000));
        Assert.Equal("NotFound", ErrorType(ErrorOf(await hostile.ReadLineAsync(), -32000, 4)));
        await hostile.SendLineAsync(CreateInstance(5, "m99"));
        Assert.Equal("NotFound", ErrorType(ErrorOf(await hostile.ReadLineAsync(), -32000, 5)));
    }

    [Fact]
    public async Task ResponsesToRequestsTheDaemonNeverMadeAreIgnored()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        await hostile.SendLineAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"results\":[1]}}");
        await hostile.SendLineAsync("{\"jsonrpc\":\"2.0\",\"id\":987654321987,\"result\":null}");
        await hostile.SendLineAsync("{\"jsonrpc\":\"2.0\",\"id\":\"not ours\",\"error\":{\"code\":-32000,\"message\":\"whatever\"}}");
        await hostile.SendLineAsync("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
        await hostile.SendLineAsync("[{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":7},{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":8}]");
        await hostile.SendLineAsync(Request(7, "engine/info"));

        // None of those is answered, so the next message is the answer to request 7.
        ResultOf(await hostile.ReadLineAsync(), 7);
        await Other.CallSucceedsAsync();
    }

    [Fact]
    public async Task AHostCallAnsweredTwiceOrWithTheWrongShapeTrapsOnlyItsOwnCall()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        string instance = await RawProtocol.InstantiateAsync(hostile, TestModules.HostCalls,
            "[{\"module\":\"env\",\"name\":\"twice\"},{\"module\":\"env\",\"name\":\"peek\"}]");

        // A result that is not {results: [i32]}: the guest traps with a HostError, and that is all.
        await hostile.SendLineAsync(Invoke(3, instance, "run", "[5]", 20_000));
        var call = Assert.NotNull(await hostile.ReadLineAsync());
        Assert.Equal("host/call", call.GetProperty("method").GetString());
        string callId = call.GetProperty("id").GetRawText();
        await hostile.SendLineAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{callId},\"result\":{{\"results\":[\"ten\"]}}}}");
        Assert.Equal("HostError", ErrorType(ErrorOf(await hostile.ReadLineAsync(), -32000, 3)));

        // The same id answered again, now that nobody waits for it, is ignored.
        await hostile.SendLineAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{callId},\"result\":{{\"results\":[10]}}}}");
        await hostile.SendLineAsync(Invoke(4, instance, "peek", "[7,0]", 20_000));
        var second = Assert.NotNull(await hostile.ReadLineAsync());
        Assert.Equal("host/call", second.GetProperty("method").GetString());
        await hostile.SendLineAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{second.GetProperty("id").GetRawText()},\"result\":{{\"results\":[70]}}}}");
        Assert.Equal(70, ResultOf(await hostile.ReadLineAsync(), 4).GetProperty("results")[0].GetInt32());
        await Other.CallSucceedsAsync();
    }
}
