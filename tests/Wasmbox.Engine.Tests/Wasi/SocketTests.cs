using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>No descriptor is ever a socket: open ones are notsock, others badf (wasi-testsuite sock_shutdown-*).</summary>
public sealed class SocketTests : IDisposable
{
    private readonly WasiHarness _wasi = new();

    public void Dispose() => _wasi.Dispose();

    [Theory]
    [InlineData(1u, Errno.Notsock)]
    [InlineData(WasiHarness.RootFd, Errno.Notsock)]
    [InlineData(57u, Errno.Badf)]
    public void SocketFunctionsTellFilesFromMissingDescriptors(uint fd, Errno expected)
    {
        var scratch = _wasi.Alloc(16);
        Assert.Equal(expected, _wasi.Call("sock_shutdown", fd, (ulong)SdFlags.Rd));
        Assert.Equal(expected, _wasi.Call("sock_accept", fd, 0, scratch));
        Assert.Equal(expected, _wasi.Call("sock_recv", fd, scratch, 0, 0, scratch, scratch + 4));
        Assert.Equal(expected, _wasi.Call("sock_send", fd, scratch, 0, 0, scratch));
    }
}
