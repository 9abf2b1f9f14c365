using System.Text.Json.Serialization;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Protocol.Contract;

/// <summary>What an import or export is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExternKind>))]
public enum ExternKind
{
    [JsonStringEnumMemberName("func")] Func,
    [JsonStringEnumMemberName("table")] Table,
    [JsonStringEnumMemberName("memory")] Memory,
    [JsonStringEnumMemberName("global")] Global,
}

/// <summary>
/// The type of an import or export. One shape for every kind, with only that kind's members present:
/// func: <c>params</c>, <c>results</c>; global: <c>valueType</c>, <c>mutable</c>;
/// memory: <c>min</c>, <c>max</c>?, <c>shared</c>? (in 64 KiB pages); table: <c>elementType</c>, <c>min</c>, <c>max</c>?.
/// </summary>
public sealed record ExternType
{
    public WireValueType[]? Params { get; init; }
    public WireValueType[]? Results { get; init; }
    public WireValueType? ValueType { get; init; }
    public bool? Mutable { get; init; }
    public WireValueType? ElementType { get; init; }
    public long? Min { get; init; }
    public long? Max { get; init; }
    public bool? Shared { get; init; }

    public static ExternType Function(WireValueType[] parameters, WireValueType[] results) => new() { Params = parameters, Results = results };
    public static ExternType GlobalOf(WireValueType valueType, bool mutable) => new() { ValueType = valueType, Mutable = mutable };
    public static ExternType MemoryOf(long min, long? max = null, bool? shared = null) => new() { Min = min, Max = max, Shared = shared };
    public static ExternType TableOf(WireValueType elementType, long min, long? max = null) => new() { ElementType = elementType, Min = min, Max = max };
}

/// <summary>One import a module needs.</summary>
public sealed record ImportDescriptor
{
    public required string Module { get; init; }
    public required string Name { get; init; }
    public required ExternKind Kind { get; init; }
    public required ExternType Type { get; init; }
}

/// <summary>One export a module (or instance) offers.</summary>
public sealed record ExportDescriptor
{
    public required string Name { get; init; }
    public required ExternKind Kind { get; init; }
    public required ExternType Type { get; init; }
}
