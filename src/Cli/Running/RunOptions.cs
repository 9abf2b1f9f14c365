namespace Wasmbox.Cli.Running;

/// <summary>A host folder the guest sees at <see cref="Guest"/>; <see cref="Host"/> is absolute.</summary>
internal sealed record RunDirectory(string Host, string Guest);

/// <summary>What <c>wasmbox run</c> was asked to do.</summary>
internal sealed record RunOptions
{
    public required string File { get; init; }

    /// <summary>argv: the module's file name, then the arguments after FILE.</summary>
    public required string[] Arguments { get; init; }

    public required IReadOnlyList<RunDirectory> Directories { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; }

    /// <summary>Run in this process, not through a daemon.</summary>
    public bool InProcess { get; init; }

    /// <summary>Skip the shared daemon: always start a private one.</summary>
    public bool PrivateDaemon { get; init; }

    /// <summary>The call's wall-clock limit; null: the daemon's default (none for a private daemon).</summary>
    public TimeSpan? Deadline { get; init; }
}
