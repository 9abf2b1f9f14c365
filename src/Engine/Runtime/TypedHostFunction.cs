using System.Linq.Expressions;
using System.Reflection;
using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Runtime;

/// <summary>
/// Makes host functions from ordinary C# delegates: parameters and the return value may be int or
/// uint (i32), long or ulong (i64), float (f32) or double (f64); a void return means no result and a
/// value tuple of those types several results. The conversion code is compiled once per delegate, so
/// a call costs no reflection.
/// </summary>
public static class TypedHostFunction
{
    public static HostFunction Create(Delegate function)
    {
        var method = function.Method;
        var parameters = method.GetParameters().Select(p => ToValType(p.ParameterType)).ToArray();
        var resultTypes = ResultClrTypes(method.ReturnType);
        var type = new FuncType(parameters, resultTypes.Select(ToValType).ToArray());
        return new HostFunction(type, Compile(function, method, resultTypes));
    }

    private static Type[] ResultClrTypes(Type returnType) =>
        returnType == typeof(void) ? []
        : returnType.IsGenericType && returnType.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal) ? returnType.GetGenericArguments()
        : [returnType];

    private static ValType ToValType(Type type) =>
        type == typeof(int) || type == typeof(uint) ? ValType.I32
        : type == typeof(long) || type == typeof(ulong) ? ValType.I64
        : type == typeof(float) ? ValType.F32
        : type == typeof(double) ? ValType.F64
        : throw new ArgumentException($"{type} has no WebAssembly value type (use int, uint, long, ulong, float or double)");

    /// <summary>Builds <c>(args, results) => { var r = f((T0)args[0], ...); results[0] = bits(r.Item1); ... }</c>.</summary>
    private static HostCallback Compile(Delegate function, MethodInfo method, Type[] resultTypes)
    {
        var arguments = Expression.Parameter(typeof(ReadOnlySpan<ulong>), "arguments");
        var results = Expression.Parameter(typeof(Span<ulong>), "results");
        // Span indexers return by reference, which expression trees cannot express; these helpers copy.
        var get = typeof(TypedHostFunction).GetMethod(nameof(Get), BindingFlags.NonPublic | BindingFlags.Static)!;
        var set = typeof(TypedHostFunction).GetMethod(nameof(Set), BindingFlags.NonPublic | BindingFlags.Static)!;

        var call = Expression.Invoke(
            Expression.Constant(function),
            method.GetParameters().Select((p, i) => FromBits(Expression.Call(get, arguments, Expression.Constant(i)), p.ParameterType)));

        Expression body;
        if (resultTypes.Length == 0)
        {
            body = call;
        }
        else
        {
            var value = Expression.Variable(method.ReturnType, "value");
            var stores = resultTypes.Select((t, i) => (Expression)Expression.Call(set, results, Expression.Constant(i),
                ToBits(resultTypes.Length == 1 ? value : Expression.Field(value, $"Item{i + 1}"), t)));
            body = Expression.Block([value], [Expression.Assign(value, call), .. stores]);
        }

        return Expression.Lambda<HostCallback>(body, arguments, results).Compile();
    }

    private static ulong Get(ReadOnlySpan<ulong> values, int index) => values[index];

    private static void Set(Span<ulong> values, int index, ulong value) => values[index] = value;

    private static Expression FromBits(Expression bits, Type type) =>
        type == typeof(float) ? Expression.Call(typeof(BitConverter), nameof(BitConverter.UInt32BitsToSingle), null, Expression.Convert(bits, typeof(uint)))
        : type == typeof(double) ? Expression.Call(typeof(BitConverter), nameof(BitConverter.UInt64BitsToDouble), null, bits)
        : type == typeof(int) ? Expression.Convert(Expression.Convert(bits, typeof(uint)), typeof(int))
        : Expression.Convert(bits, type);

    private static Expression ToBits(Expression value, Type type) =>
        type == typeof(float) ? Expression.Convert(Expression.Call(typeof(BitConverter), nameof(BitConverter.SingleToUInt32Bits), null, value), typeof(ulong))
        : type == typeof(double) ? Expression.Call(typeof(BitConverter), nameof(BitConverter.DoubleToUInt64Bits), null, value)
        : type == typeof(int) ? Expression.Convert(Expression.Convert(value, typeof(uint)), typeof(ulong))
        : Expression.Convert(value, typeof(ulong));
}
