namespace Wasmbox.Engine.Wasi;

/// <summary>Everything a guest gets from the host through WASI. Immutable once a <see cref="WasiContext"/> is made from it.</summary>
public sealed class WasiConfiguration
{
    /// <summary>
    /// The guest's whole argv, program name first (<c>args_get</c>). The program name need not be a
    /// path; "main.wasm" or the module's file name are usual.
    /// </summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// Environment variables the guest sees (<c>environ_get</c>), in order. Nothing of the host's
    /// own environment is visible unless <see cref="InheritEnvironment"/> is set.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>
    /// Also pass the host process's environment (before <see cref="Environment"/>, whose entries win
    /// on equal names). Off by default: the host's variables can hold secrets.
    /// </summary>
    public bool InheritEnvironment { get; init; }

    /// <summary>Directories the guest may use, numbered from descriptor 3 in this order.</summary>
    public IReadOnlyList<WasiPreopen> Preopens { get; init; } = [];

    /// <summary>Descriptor 0. Null: an empty input (every read is end-of-file).</summary>
    public Stream? Stdin { get; init; }

    /// <summary>Descriptor 1. Null: output is discarded. Flushed after every <c>fd_write</c>.</summary>
    public Stream? Stdout { get; init; }

    /// <summary>Descriptor 2. Null: output is discarded. Flushed after every <c>fd_write</c>.</summary>
    public Stream? Stderr { get; init; }

    /// <summary>
    /// Report standard input as a terminal (character device) rather than a pipe. Guests ask
    /// (isatty) to decide on prompts and buffering; set it when the stream is a real console.
    /// </summary>
    public bool StdinIsTerminal { get; init; }

    /// <summary>Report standard output as a terminal; C guests then line-buffer it.</summary>
    public bool StdoutIsTerminal { get; init; }

    /// <summary>Report standard error as a terminal.</summary>
    public bool StderrIsTerminal { get; init; }

    /// <summary>
    /// The most descriptors the guest may hold open at once, stdio and preopens included. Each open
    /// file is a host descriptor, so this bounds what one guest can take from the host process.
    /// </summary>
    public int MaxOpenDescriptors { get; init; } = 1024;

    /// <summary>
    /// Told about failures no WASI function expects: a bug, or a stream of the embedder's throwing
    /// something other than an IOException. The guest gets an errno (usually <c>io</c>) either way;
    /// this is for the host's log. Receives the function's name and the exception; must not throw.
    /// </summary>
    public Action<string, Exception>? UnexpectedFailure { get; init; }
}
