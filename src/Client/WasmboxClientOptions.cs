namespace Wasmbox.Client;

/// <summary>How a <see cref="WasmboxClient"/> connects and waits.</summary>
public sealed record WasmboxClientOptions
{
    /// <summary>Further connection attempts after the first fails.</summary>
    public int ConnectRetries { get; init; } = 5;

    /// <summary>The first retry's delay; each next one doubles it (with jitter).</summary>
    public TimeSpan ConnectRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long any call waits for the daemon's answer; null: forever (deadlines still bound guest calls).</summary>
    public TimeSpan? RequestTimeout { get; init; }
}
