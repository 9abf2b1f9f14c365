using Wasmbox.Engine.Binary;

namespace Wasmbox.SpecTest.Model;

/// <summary>What an assertion accepts as one result value.</summary>
public abstract class ExpectedValue
{
    protected ExpectedValue(ValType type) => Type = type;

    public ValType Type { get; }

    /// <summary>Whether <paramref name="actual"/> is an acceptable result (its type included).</summary>
    public abstract bool Matches(SpecValue actual);
}

/// <summary>Exactly this value: numbers bit for bit, references by null-ness and handle.</summary>
public sealed class ExactValue(SpecValue value) : ExpectedValue(value.Type)
{
    public SpecValue Value { get; } = value;

    public override bool Matches(SpecValue actual) =>
        actual.Type == Type && actual.IsNull == Value.IsNull && (Value.IsNull || actual.Bits == Value.Bits);

    public override string ToString() => Value.ToString();
}

/// <summary>A float NaN of the given kind (an f32 or f64 result of <c>nan:canonical</c> / <c>nan:arithmetic</c>).</summary>
public sealed class NanValue(ValType type, NanKind kind) : ExpectedValue(type)
{
    public NanKind Kind { get; } = kind;

    public override bool Matches(SpecValue actual) => actual.Type == Type && (Type == ValType.F32
        ? Kind.MatchesF32(actual.AsI32)
        : Kind.MatchesF64(actual.AsI64));

    public override string ToString() => $"{Type.ToWat()}:{Kind.ToName()}";
}

/// <summary>One lane of an expected v128: exact bits, or (for float lanes) a NaN kind.</summary>
public readonly record struct LanePattern(ulong Bits, NanKind? Nan = null)
{
    public bool Matches(LaneType lane, ulong actual) => Nan switch
    {
        null => actual == Bits,
        NanKind nan => lane == LaneType.F32 ? nan.MatchesF32((uint)actual) : nan.MatchesF64(actual),
    };

    public string Format(LaneType lane) => Nan is NanKind nan ? nan.ToName()
        : lane == LaneType.F32 ? SpecValue.FormatF32((uint)Bits)
        : lane == LaneType.F64 ? SpecValue.FormatF64(Bits)
        : Bits.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A v128 given lane by lane, as scripts write it; float lanes may expect NaNs.</summary>
public sealed class V128Value : ExpectedValue
{
    public V128Value(LaneType laneType, IReadOnlyList<LanePattern> lanes) : base(ValType.V128)
    {
        if (lanes.Count != laneType.LaneCount())
            throw new ArgumentException($"a {laneType.ToName()} v128 has {laneType.LaneCount()} lanes, not {lanes.Count}", nameof(lanes));
        LaneType = laneType;
        Lanes = lanes;
    }

    public LaneType LaneType { get; }
    public IReadOnlyList<LanePattern> Lanes { get; }

    public override bool Matches(SpecValue actual)
    {
        if (actual.Type != ValType.V128) return false;
        for (var i = 0; i < Lanes.Count; i++)
        {
            if (!Lanes[i].Matches(LaneType, LaneType.GetLane(actual.Bits, i))) return false;
        }
        return true;
    }

    /// <summary>An actual v128 printed in this value's lane shape, so the two read side by side.</summary>
    public string FormatActual(SpecValue actual) =>
        $"v128:{LaneType.ToName()}x{Lanes.Count}[{string.Join(' ', Enumerable.Range(0, Lanes.Count).Select(i => new LanePattern(LaneType.GetLane(actual.Bits, i)).Format(LaneType)))}]";

    public override string ToString() =>
        $"v128:{LaneType.ToName()}x{Lanes.Count}[{string.Join(' ', Lanes.Select(l => l.Format(LaneType)))}]";
}

/// <summary>Any value of the type. wast2json lists result types this way where no value is checked (assert_trap).</summary>
public sealed class AnyValueOfType(ValType type) : ExpectedValue(type)
{
    public override bool Matches(SpecValue actual) => actual.Type == Type;

    public override string ToString() => $"{Type.ToWat()}:*";
}
