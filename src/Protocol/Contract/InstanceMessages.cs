using System.Text.Json;

namespace Wasmbox.Protocol.Contract;

/// <summary>Params of <c>instance/create</c>.</summary>
public sealed record CreateInstanceParams
{
    public required string ModuleId { get; init; }

    /// <summary>The function imports the client implements itself; each call arrives as a <c>host/call</c>.</summary>
    public HostFunctionRef[] HostFunctions { get; set; } = [];

    public InstanceLimits? Limits { get; init; }

    /// <summary>Present to give the instance WASI preview 1 (the daemon then binds the wasi_snapshot_preview1 imports).</summary>
    public WasiOptions? Wasi { get; init; }
}

/// <summary>A function import by module and name.</summary>
public sealed record HostFunctionRef
{
    public required string Module { get; init; }
    public required string Name { get; init; }
}

/// <summary>Bounds on what an instance may use; absent members take the daemon's defaults.</summary>
public sealed record InstanceLimits
{
    /// <summary>The most 64 KiB pages any memory of the instance may grow to.</summary>
    public long? MaxMemoryPages { get; init; }

    /// <summary>The start function's wall-clock limit and the default one of each <c>instance/invoke</c>, in milliseconds.</summary>
    public long? DeadlineMs { get; init; }
}

/// <summary>A WASI command's environment.</summary>
public sealed record WasiOptions
{
    /// <summary>argv, the program name first.</summary>
    public string[] Args { get; set; } = [];

    public Dictionary<string, string> Env { get; set; } = [];

    public Preopen[] Preopens { get; set; } = [];

    /// <summary>All of stdin, base64. Absent, stdin is empty unless <see cref="StreamStdin"/> is set.</summary>
    public byte[]? Stdin { get; init; }

    /// <summary>
    /// The client writes stdin with <c>instance/stdin</c> while the guest runs; the guest's reads wait
    /// for those bytes or their close. Not together with <see cref="Stdin"/>.
    /// </summary>
    public bool StreamStdin { get; init; }

    /// <summary>Report stdin as a terminal (a character device) rather than a pipe: the client's stdin is one.</summary>
    public bool StdinIsTerminal { get; init; }

    /// <summary>Report stdout as a terminal; C programs then flush it line by line.</summary>
    public bool StdoutIsTerminal { get; init; }

    /// <summary>Report stderr as a terminal.</summary>
    public bool StderrIsTerminal { get; init; }
}

/// <summary>A host directory the guest sees at <see cref="Guest"/>.</summary>
public sealed record Preopen
{
    public required string Host { get; init; }
    public required string Guest { get; init; }
    public bool ReadOnly { get; init; }
}

/// <summary>Result of <c>instance/create</c>.</summary>
public sealed record CreateInstanceResult
{
    /// <summary>An opaque id, valid on this connection until <c>instance/dispose</c>.</summary>
    public required string InstanceId { get; init; }

    public required ExportDescriptor[] Exports { get; init; }
}

/// <summary>Params of <c>instance/invoke</c>.</summary>
public sealed record InvokeParams
{
    public required string InstanceId { get; init; }

    /// <summary>The exported function's name.</summary>
    public required string Export { get; init; }

    /// <summary>The arguments, in the forms <see cref="Values.WireValueDecoder"/> reads, typed by the export's params.</summary>
    public JsonElement[] Args { get; set; } = [];

    /// <summary>Wall-clock limit for this call in milliseconds, overriding the instance's.</summary>
    public long? DeadlineMs { get; init; }
}

/// <summary>
/// Result of <c>instance/invoke</c>: <c>results</c> when the function returned, or <c>exitCode</c>
/// when a WASI program called proc_exit. Exactly one is present.
/// </summary>
public sealed record InvokeResult
{
    /// <summary>The results in canonical form (<see cref="Values.WireValueEncoder"/>), typed by the export's results.</summary>
    public JsonElement[]? Results { get; init; }

    public int? ExitCode { get; init; }
}

/// <summary>Params of <c>instance/dispose</c>.</summary>
public sealed record DisposeInstanceParams
{
    public required string InstanceId { get; init; }
}

/// <summary>Params of <c>instance/stdin</c>: more of a streamed stdin, and whether it ends there.</summary>
public sealed record StdinParams
{
    public required string InstanceId { get; init; }

    /// <summary>The next bytes, base64; may be empty (to close without writing).</summary>
    public byte[] Bytes { get; set; } = [];

    /// <summary>No more bytes follow: once the guest has read these, its reads see end-of-file.</summary>
    public bool Close { get; init; }
}
