namespace Wasmbox.Engine.Binary;

/// <summary>
/// A function signature. Signatures are compared structurally (call_indirect and import linking
/// need that), so equality and hashing look at the parameter and result lists.
/// </summary>
public sealed class FuncType : IEquatable<FuncType>
{
    public static readonly FuncType Empty = new([], []);

    public FuncType(ValType[] parameters, ValType[] results)
    {
        Parameters = parameters;
        Results = results;
    }

    public ValType[] Parameters { get; }
    public ValType[] Results { get; }

    public bool Equals(FuncType? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Parameters.AsSpan().SequenceEqual(other.Parameters) && Results.AsSpan().SequenceEqual(other.Results)));

    public override bool Equals(object? obj) => obj is FuncType other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in Parameters) hash.Add(p);
        hash.Add(-1);
        foreach (var r in Results) hash.Add(r);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"[{string.Join(' ', Parameters.Select(p => p.ToWat()))}] -> [{string.Join(' ', Results.Select(r => r.ToWat()))}]";
}
