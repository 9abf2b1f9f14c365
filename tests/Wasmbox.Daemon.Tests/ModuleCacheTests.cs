using System.Text;
using Wasmbox.Daemon.Modules;
using Wasmbox.Daemon.Sessions;
using Wasmbox.Daemon.Tests.Support;
using Wasmbox.Engine;
using Wasmbox.Engine.Runtime;
using Wasmbox.Protocol.Values;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Daemon.Tests;

/// <summary>The daemon-wide cache of compiled modules: sharing, reference counting and eviction.</summary>
public sealed class ModuleCacheTests
{
    private int _compiles;

    private CompiledModule Compile(ReadOnlyMemory<byte> bytes)
    {
        Interlocked.Increment(ref _compiles);
        return CompiledModule.Compile(bytes);
    }

    /// <summary>A module with no functions whose only content is a custom section: same size for names of the same length.</summary>
    private static byte[] Tagged(string name) => Module(Section(0, Name(name)));

    [Fact]
    public void TheSameBytesAreCompiledOnceAndShared()
    {
        var cache = new ModuleCache(1 << 20);

        using var first = cache.Acquire(TestModules.Arithmetic, Compile);
        using var second = cache.Acquire(TestModules.Arithmetic.ToArray(), Compile);

        Assert.Equal(1, _compiles);
        Assert.Same(first.Module, second.Module);
        Assert.Equal(1, cache.Count);
        Assert.Equal(TestModules.Arithmetic.Length + first.Module.CodeLength, cache.Bytes);
    }

    [Fact]
    public void DifferentBytesAreDifferentEntries()
    {
        var cache = new ModuleCache(1 << 20);

        using var a = cache.Acquire(Tagged("a"), Compile);
        using var b = cache.Acquire(Tagged("b"), Compile);

        Assert.Equal(2, _compiles);
        Assert.NotSame(a.Module, b.Module);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void AReferencedEntryStaysBeyondTheCapacity()
    {
        var cache = new ModuleCache(capacityBytes: 0);

        var held = cache.Acquire(Tagged("a"), Compile);
        var other = cache.Acquire(Tagged("b"), Compile);
        Assert.Equal(2, cache.Count);

        other.Dispose();
        Assert.Equal(1, cache.Count);
        using (cache.Acquire(Tagged("a"), Compile)) Assert.Equal(2, _compiles);

        held.Dispose();
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void TheLeastRecentlyUsedUnreferencedEntryGoesFirst()
    {
        var cache = new ModuleCache(capacityBytes: 2 * Tagged("a").Length);
        cache.Acquire(Tagged("a"), Compile).Dispose();
        cache.Acquire(Tagged("b"), Compile).Dispose();
        cache.Acquire(Tagged("a"), Compile).Dispose();   // a is now more recent than b

        cache.Acquire(Tagged("c"), Compile).Dispose();   // one over: b goes
        Assert.Equal(3, _compiles);
        Assert.Equal(2, cache.Count);

        cache.Acquire(Tagged("a"), Compile).Dispose();
        Assert.Equal(3, _compiles);
        cache.Acquire(Tagged("b"), Compile).Dispose();
        Assert.Equal(4, _compiles);
    }

    [Fact]
    public void DisposingALeaseTwiceReleasesOneReference()
    {
        var cache = new ModuleCache(capacityBytes: 0);
        var first = cache.Acquire(Tagged("a"), Compile);
        var second = cache.Acquire(Tagged("a"), Compile);

        first.Dispose();
        first.Dispose();

        Assert.Equal(1, cache.Count);
        second.Dispose();
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void AFailedCompileIsNotCached()
    {
        var cache = new ModuleCache(1 << 20);
        byte[] invalid = [.. Header, 0x01, 0x05, 0xFF];

        Assert.ThrowsAny<WasmException>(() => cache.Acquire(invalid, Compile));
        Assert.ThrowsAny<WasmException>(() => cache.Acquire(invalid, Compile));

        Assert.Equal(2, _compiles);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task SessionsAskingAtOnceShareOneCompile()
    {
        var cache = new ModuleCache(1 << 20);
        using var gate = new ManualResetEventSlim();
        CompiledModule SlowCompile(ReadOnlyMemory<byte> bytes)
        {
            gate.Wait(TimeSpan.FromSeconds(10));
            return Compile(bytes);
        }

        var leases = Enumerable.Range(0, 4).Select(_ => Task.Run(() => cache.Acquire(TestModules.Arithmetic, SlowCompile))).ToArray();
        gate.Set();
        var modules = (await Task.WhenAll(leases)).Select(l => l.Module).Distinct().ToArray();

        Assert.Single(modules);
        Assert.Equal(1, _compiles);
    }

    [Fact]
    public void ReleasingAllOfASessionsLeasesMakesTheirEntriesEvictable()
    {
        var cache = new ModuleCache(capacityBytes: 0);
        var session = new HandleTable<ModuleLease>("m", "module", capacity: 16);
        Assert.True(session.TryAdd("m1", cache.Acquire(Tagged("a"), Compile)));
        Assert.True(session.TryAdd("m2", cache.Acquire(Tagged("b"), Compile)));
        session.Remove("m1").Dispose();
        Assert.Equal(1, cache.Count);

        foreach (var lease in session.Close()) lease.Dispose();
        Assert.Equal(0, cache.Count);

        // A compile that finishes after the session ended is not taken, and its maker releases it
        // (as module/compile does): its entry is not kept.
        var late = cache.Acquire(Tagged("c"), Compile);
        Assert.False(session.TryAdd("m3", late));
        late.Dispose();
        Assert.Equal(0, cache.Count);
    }
}

/// <summary>The cache seen through the daemon: two sessions compiling one module still get separate instances.</summary>
public sealed class SharedModuleTests : IAsyncLifetime
{
    private readonly RunningDaemon _daemon = new();

    public Task InitializeAsync() => _daemon.InitializeAsync();

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [Fact]
    public async Task InstancesOfASharedModuleKeepTheirOwnMemory()
    {
        await using var first = await ConnectAsync();
        await using var second = await ConnectAsync();
        var firstModule = await first.CompileAsync(TestModules.HostCalls);
        var secondModule = await second.CompileAsync(TestModules.HostCalls);
        var firstInstance = await first.CreateInstanceAsync(firstModule.ModuleId);

        await first.WriteMemoryAsync(firstInstance.InstanceId, 0, "HELLO"u8.ToArray());
        // The first session lets go of its module; the second's module and instance do not notice.
        await first.DisposeModuleAsync(firstModule.ModuleId);
        var secondInstance = await second.CreateInstanceAsync(secondModule.ModuleId);

        Assert.Equal("hello", Encoding.ASCII.GetString(await second.ReadMemoryAsync(secondInstance.InstanceId, 0, 5)));
        Assert.Equal("HELLO", Encoding.ASCII.GetString(await first.ReadMemoryAsync(firstInstance.InstanceId, 0, 5)));
        var results = await second.InvokeAsync(secondInstance.InstanceId, "run", [WireValue.I32(4)]);
        Assert.Equal(9, Assert.Single(results).AsI32());
    }

    private async Task<Wasmbox.Client.WasmboxClient> ConnectAsync()
    {
        var client = await _daemon.ConnectAsync();
        client.DefineFunction("env", "twice", [WireValueType.I32], [WireValueType.I32], args => [WireValue.I32(args[0].AsI32() * 2)]);
        client.DefineFunction("env", "peek", [WireValueType.I32, WireValueType.I32], [WireValueType.I32], _ => [WireValue.I32(0)]);
        return client;
    }
}
