namespace Wasmbox.Protocol.JsonRpc;

/// <summary>The params of a method that takes none. Sent as <c>{}</c>; accepts <c>{}</c>, <c>[]</c>, null or no params.</summary>
public sealed record NoParams
{
    public static NoParams Value { get; } = new();
}
