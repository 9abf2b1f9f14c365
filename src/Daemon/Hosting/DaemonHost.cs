using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmbox.Daemon.Systemd;

namespace Wasmbox.Daemon.Hosting;

/// <summary>Builds the daemon's host; <c>wasmboxd</c> and <c>wasmbox serve</c> both run it in the foreground.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class DaemonHost
{
    /// <param name="args">Configuration from the command line (<c>--Daemon:MaxSessions=8</c>, ...).</param>
    /// <param name="socketPath">The socket to listen on when systemd passed none; null for the configured or default path.</param>
    /// <param name="configure">Last adjustments to the options (tests use it for short limits).</param>
    /// <param name="forOneRun">
    /// A daemon that lives for one <c>wasmbox run</c> (<c>serve --private</c>), whose start the run
    /// waits for: configuration from <paramref name="args"/> and the environment only, and console
    /// logging only. The generic host's other defaults cost that start more than they give it:
    /// appsettings files in the working directory, watched for changes (a recursive file watcher over
    /// that directory), user secrets, the debug and EventSource loggers (docs/design.md, "Start-up").
    /// </param>
    public static IHost Build(string[] args, string? socketPath = null, Action<DaemonOptions>? configure = null, bool forOneRun = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, DisableDefaults = forOneRun });
        if (forOneRun)
        {
            builder.Configuration.AddEnvironmentVariables();
            builder.Configuration.AddCommandLine(args);
            builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
            builder.Logging.AddConsole();
        }

        if (RunsUnderSystemd())
        {
            // The journal adds its own timestamps and reads "<6>" prefixes as priorities.
            builder.Logging.ClearProviders();
            builder.Logging.AddSystemdConsole();
        }

        builder.Services.AddOptions<DaemonOptions>()
            .Bind(builder.Configuration.GetSection("Daemon"))
            .Configure(options =>
            {
                if (socketPath is not null) options.SocketPath = socketPath;
                configure?.Invoke(options);
            });
        builder.Services.AddSingleton(new SystemdNotifier());
        builder.Services.AddHostedService<SessionServer>();

        // Long enough for the drain as configured (Daemon:DrainTimeout included), so the host does not give up on it first.
        builder.Services.AddOptions<HostOptions>()
            .Configure<IOptions<DaemonOptions>>((host, daemon) => host.ShutdownTimeout = daemon.Value.DrainTimeout + TimeSpan.FromSeconds(10));
        return builder.Build();
    }

    /// <summary>systemd sets $JOURNAL_STREAM when stdout goes to the journal and $INVOCATION_ID for every service it runs.</summary>
    private static bool RunsUnderSystemd() =>
        Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 } || Environment.GetEnvironmentVariable("INVOCATION_ID") is { Length: > 0 };
}
