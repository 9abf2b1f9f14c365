using System.Text.Json.Serialization.Metadata;

namespace Wasmbox.Protocol.JsonRpc;

/// <summary>
/// A request method: its name, how its params and result are (de)serialized, and the order in which
/// params given by position (a JSON array) map onto the params object's members.
/// </summary>
/// <remarks>
/// Both sides use the same descriptor: a handler is registered with it and a call is made with it,
/// so a method's name and types are written down once.
/// </remarks>
public sealed class RpcMethod<TParams, TResult>
{
    public RpcMethod(string name, JsonTypeInfo<TParams> paramsType, JsonTypeInfo<TResult> resultType, params string[] parameterOrder)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        ParamsType = paramsType ?? throw new ArgumentNullException(nameof(paramsType));
        ResultType = resultType ?? throw new ArgumentNullException(nameof(resultType));
        ParameterOrder = parameterOrder ?? [];
    }

    public string Name { get; }
    public JsonTypeInfo<TParams> ParamsType { get; }
    public JsonTypeInfo<TResult> ResultType { get; }

    /// <summary>
    /// The JSON member names that positional params fill, in order. Empty: the method accepts params by
    /// name only (or, for <see cref="NoParams"/>, an empty array).
    /// </summary>
    public IReadOnlyList<string> ParameterOrder { get; }

    public override string ToString() => Name;
}

/// <summary>A notification method: a name, its params' type, and their positional order.</summary>
public sealed class RpcNotification<TParams>
{
    public RpcNotification(string name, JsonTypeInfo<TParams> paramsType, params string[] parameterOrder)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        ParamsType = paramsType ?? throw new ArgumentNullException(nameof(paramsType));
        ParameterOrder = parameterOrder ?? [];
    }

    public string Name { get; }
    public JsonTypeInfo<TParams> ParamsType { get; }
    public IReadOnlyList<string> ParameterOrder { get; }

    public override string ToString() => Name;
}
