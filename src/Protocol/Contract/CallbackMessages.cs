using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wasmbox.Protocol.Contract;

/// <summary>Params of <c>host/call</c>, the daemon calling a host function the client implements.</summary>
public sealed record HostCallParams
{
    public required string InstanceId { get; init; }
    public required string Module { get; init; }
    public required string Name { get; init; }

    /// <summary>The arguments in canonical form, typed by the import's params.</summary>
    public JsonElement[] Args { get; set; } = [];
}

/// <summary>Result of <c>host/call</c>.</summary>
public sealed record HostCallResult
{
    /// <summary>The results, typed by the import's results.</summary>
    public JsonElement[] Results { get; set; } = [];
}

/// <summary>Which output stream a WASI program wrote to.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutputStream>))]
public enum OutputStream
{
    [JsonStringEnumMemberName("stdout")] Stdout,
    [JsonStringEnumMemberName("stderr")] Stderr,
}

/// <summary>Params of the <c>instance/output</c> notification: bytes a WASI program wrote, in order.</summary>
public sealed record OutputParams
{
    public required string InstanceId { get; init; }
    public required OutputStream Stream { get; init; }
    public required byte[] Bytes { get; init; }
}
