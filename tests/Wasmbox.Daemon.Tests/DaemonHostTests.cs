using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Wasmbox.Daemon.Hosting;

namespace Wasmbox.Daemon.Tests;

/// <summary>How the daemon's host is put together from configuration.</summary>
public sealed class DaemonHostTests
{
    [Fact]
    public void TheHostWaitsLongerThanTheConfiguredDrain()
    {
        // The drain comes from configuration here, not from code: the host's own shutdown limit must
        // still outlast it, or the host would cut calls off that the daemon promised to let finish.
        using var host = DaemonHost.Build(["--Daemon:DrainTimeout=00:01:00"], Path.Combine(Path.GetTempPath(), "unused.sock"));

        var daemon = host.Services.GetRequiredService<IOptions<DaemonOptions>>().Value;
        var hosting = host.Services.GetRequiredService<IOptions<HostOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(1), daemon.DrainTimeout);
        Assert.True(hosting.ShutdownTimeout > daemon.DrainTimeout, $"shutdown limit {hosting.ShutdownTimeout} is not beyond the drain");
    }
}
