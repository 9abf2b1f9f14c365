using System.Text.Json;
using Wasmbox.Daemon.Tests.Support;
using static Wasmbox.Daemon.Tests.Support.RawProtocol;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Daemon.Tests.Hostile;

/// <summary>
/// Clients that start a call and then do not play their part: vanish while the guest runs or waits
/// for them, never answer a callback, run a guest that never returns. The deadline or the session's
/// end stops each, and a second session's call succeeds while it lasts and after.
/// </summary>
public sealed class MisbehavingCallerTests : HostileClientTest
{
    private const string HostCallImports = "[{\"module\":\"env\",\"name\":\"twice\"},{\"module\":\"env\",\"name\":\"peek\"}]";

    /// <summary>
    /// Imports env.ping () → (); exports pingThenSpin (calls ping, then loops forever) and
    /// add (i32, i32) → i32. The ping tells the test the guest is running before it misbehaves.
    /// </summary>
    private static readonly byte[] PingThenSpin = Module(
        Section(1, Vec([0x60, 0x00, 0x00], [0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F])),
        Section(2, Vec(Import("env", "ping", 0))),
        Section(3, Vec([0x00], [0x00], [0x01])),
        Section(7, Vec(Export("pingThenSpin", 0, 1), Export("add", 0, 3))),
        Section(10, Vec(
            Body(0x10, 0x00, 0x03, 0x40, 0x10, 0x02, 0x0C, 0x00, 0x0B, 0x0B),
            Body(0x0B),
            Body(0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B))));

    [Fact]
    public async Task AClientThatDisconnectsWhileItsGuestRunsDisturbsNoOne()
    {
        var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        string instance = await RawProtocol.InstantiateAsync(hostile, PingThenSpin, "[{\"module\":\"env\",\"name\":\"ping\"}]");
        await hostile.SendLineAsync(Invoke(3, instance, "pingThenSpin", "[]", 3000));
        await AnswerHostCallAsync(hostile, "ping", "[]");

        // The guest now spins; its client goes away without a word.
        await Other.CallSucceedsAsync();
        hostile.Dispose();
        await Other.CallSucceedsAsync();
    }

    [Fact]
    public async Task AClientThatDisconnectsWhileTheGuestWaitsForItsCallbackDisturbsNoOne()
    {
        var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        string instance = await RawProtocol.InstantiateAsync(hostile, TestModules.HostCalls, HostCallImports);
        await hostile.SendLineAsync(Invoke(3, instance, "run", "[5]", 20_000));
        JsonElement call = await ReadHostCallAsync(hostile, "twice");
        Assert.Equal("[5]", call.GetProperty("params").GetProperty("args").GetRawText());

        await Other.CallSucceedsAsync();
        hostile.Dispose();
        await Other.CallSucceedsAsync();
    }

    [Fact]
    public async Task ACallbackNeverAnsweredEndsAtTheDeadlineAndTheSessionGoesOn()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        string instance = await RawProtocol.InstantiateAsync(hostile, TestModules.HostCalls, HostCallImports);
        await hostile.SendLineAsync(Invoke(3, instance, "run", "[5]", 1500));
        JsonElement call = await ReadHostCallAsync(hostile, "twice");

        await Other.CallSucceedsAsync();

        // At the deadline the daemon withdraws its request and fails the call (two messages, in either order).
        JsonElement[] messages = [Assert.NotNull(await hostile.ReadLineAsync()), Assert.NotNull(await hostile.ReadLineAsync())];
        JsonElement withdrawal = Assert.Single(messages, m => m.TryGetProperty("method", out _));
        Assert.Equal("$/cancelRequest", withdrawal.GetProperty("method").GetString());
        Assert.Equal(call.GetProperty("id").GetRawText(), withdrawal.GetProperty("params").GetProperty("id").GetRawText());
        var error = ErrorOf(Assert.Single(messages, m => m.TryGetProperty("id", out _)), -32000, 3);
        Assert.Equal("DeadlineExceeded", ErrorType(error));

        // The answer that comes too late is ignored; the next call runs as if nothing happened.
        await hostile.SendLineAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{call.GetProperty("id").GetRawText()},\"result\":{{\"results\":[10]}}}}");
        await hostile.SendLineAsync(Invoke(4, instance, "run", "[6]", 20_000));
        await AnswerHostCallAsync(hostile, "twice", "[12]");
        Assert.Equal(13, ResultOf(await hostile.ReadLineAsync(), 4).GetProperty("results")[0].GetInt32());
    }

    [Fact]
    public async Task AnInfiniteLoopEndsAtItsDeadlineWithItsStackAndTheSessionGoesOn()
    {
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        string instance = await RawProtocol.InstantiateAsync(hostile, PingThenSpin, "[{\"module\":\"env\",\"name\":\"ping\"}]");
        await hostile.SendLineAsync(Invoke(3, instance, "pingThenSpin", "[]", 1500));
        await AnswerHostCallAsync(hostile, "ping", "[]");

        await Other.CallSucceedsAsync();

        var error = ErrorOf(await hostile.ReadLineAsync(), -32000, 3);
        Assert.Equal("DeadlineExceeded", ErrorType(error));
        Assert.NotEqual(0, error.GetProperty("data").GetProperty("wasmStack").GetArrayLength());
        await hostile.SendLineAsync(Invoke(4, instance, "add", "[2,3]", 5000));
        Assert.Equal(5, ResultOf(await hostile.ReadLineAsync(), 4).GetProperty("results")[0].GetInt32());
    }

    [Fact]
    public async Task AClientThatStopsReadingHoldsUpOnlyItself()
    {
        // A client that sends many requests and never reads the answers fills its socket buffers;
        // the daemon's writes to it block, and nobody else's.
        using var hostile = await RawConnection.ConnectAsync(Daemon.SocketPath);
        string instance = await RawProtocol.InstantiateAsync(hostile, TestModules.HostCalls, HostCallImports);
        string read = Request(0, "instance/memory/read", $"{{\"instanceId\":\"{instance}\",\"offset\":0,\"length\":65536}}");
        await hostile.SendAsync(string.Concat(Enumerable.Repeat(read + "\n", 64)));

        await Other.CallSucceedsAsync();
    }

    private static async Task<JsonElement> ReadHostCallAsync(RawConnection connection, string name)
    {
        JsonElement call = Assert.NotNull(await connection.ReadLineAsync());
        Assert.Equal("host/call", call.GetProperty("method").GetString());
        Assert.Equal(name, call.GetProperty("params").GetProperty("name").GetString());
        return call;
    }

    private static async Task AnswerHostCallAsync(RawConnection connection, string name, string resultsJson)
    {
        JsonElement call = await ReadHostCallAsync(connection, name);
        await connection.SendLineAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{call.GetProperty("id").GetRawText()},\"result\":{{\"results\":{resultsJson}}}}}");
    }
}
