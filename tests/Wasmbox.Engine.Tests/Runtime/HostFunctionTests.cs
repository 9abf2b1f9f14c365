using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Validation;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Runtime;

public class HostFunctionTests
{
    private sealed class Imports(params (string Name, object Value)[] entries) : IImportResolver
    {
        public object? Resolve(Import import) => entries.FirstOrDefault(e => e.Name == import.Name).Value;
    }

    private static readonly FuncType I32ToI32 = new([ValType.I32], [ValType.I32]);

    /// <summary>A module importing env.h : [i32] -> [i32] and exporting "call" = (h (local.get 0)) + 1.</summary>
    private static byte[] CallsImport() => Module(
        Section(1, Vec([0x60, 0x01, 0x7F, 0x01, 0x7F])),
        Section(2, Vec([.. Name("env"), .. Name("h"), 0x00, 0x00])),
        Section(3, Vec([0x00])),
        Section(7, Vec([.. Name("call"), 0x00, 0x01])),
        Section(10, Vec(Body([0x20, 0x00, 0x10, 0x00, 0x41, 0x01, 0x6A, 0x0B], []))));

    private static Instance Instantiate(byte[] bytes, IImportResolver imports) =>
        new(ModuleValidator.Validate(ModuleDecoder.Decode(bytes)), imports);

    [Fact]
    public void WasmCallsHostAndUsesItsResult()
    {
        using var host = new HostFunction(I32ToI32, (args, results) => results[0] = args[0] * 10);
        using var instance = Instantiate(CallsImport(), new Imports(("h", host)));
        Assert.Equal(71ul, instance.Invoke("call", 7)[0]);
    }

    [Fact]
    public void HostExceptionBecomesATrapCarryingIt()
    {
        using var host = new HostFunction(I32ToI32, (_, _) => throw new InvalidOperationException("no such file"));
        using var instance = Instantiate(CallsImport(), new Imports(("h", host)));
        var trap = Assert.Throws<TrapException>(() => instance.Invoke("call", 1));
        Assert.Equal(TrapKind.HostError, trap.Kind);
        Assert.IsType<InvalidOperationException>(trap.InnerException);
        Assert.Contains("no such file", trap.Message);
        using var ok = new HostFunction(I32ToI32, (args, results) => results[0] = args[0]);
        using var again = Instantiate(CallsImport(), new Imports(("h", ok)));
        Assert.Equal(6ul, again.Invoke("call", 5)[0]);
    }

    [Fact]
    public void HostMayCallBackIntoWasm()
    {
        // The host function calls the same instance's export again, down to a depth of 3.
        Instance? instance = null;
        int depth = 0;
        using var host = new HostFunction(I32ToI32, (args, results) =>
        {
            depth++;
            results[0] = args[0] == 0 ? 100 : instance!.Invoke("call", args[0] - 1)[0];
        });
        instance = Instantiate(CallsImport(), new Imports(("h", host)));
        using (instance)
        {
            // call(3) = h(3)+1 = call(2)+1 = h(2)+2 = ... = h(0)+4 = 104
            Assert.Equal(104ul, instance.Invoke("call", 3)[0]);
            Assert.Equal(4, depth);
        }
    }

    [Fact]
    public void TrapInsideNestedCallUnwindsOnlyToTheInnermostEntry()
    {
        // call(n) = h(n) + 1, where h(0) throws and h(n) = call(n - 1), or 500 if that trapped.
        Instance? instance = null;
        using var host = new HostFunction(I32ToI32, (args, results) =>
        {
            if (args[0] == 0) throw new InvalidOperationException("bottom");
            try
            {
                results[0] = instance!.Invoke("call", args[0] - 1)[0];
            }
            catch (TrapException)
            {
                results[0] = 500;
            }
        });
        instance = Instantiate(CallsImport(), new Imports(("h", host)));
        using (instance)
        {
            // call(0) traps; inside call(2), h(1) catches that trap and returns 500: 500 + 1 + 1.
            Assert.Equal(502ul, instance.Invoke("call", 2)[0]);
            Assert.Throws<TrapException>(() => instance.Invoke("call", 0));
        }
    }

    [Fact]
    public void LinkingChecksNamesAndTypes()
    {
        using var wrongType = new HostFunction(new FuncType([ValType.I64], [ValType.I32]), (_, _) => { });
        var bytes = CallsImport();
        var module = ModuleValidator.Validate(ModuleDecoder.Decode(bytes));
        Assert.StartsWith("unknown import", Assert.Throws<LinkException>(() => new Instance(module, new Imports())).Message);
        Assert.StartsWith("incompatible import type", Assert.Throws<LinkException>(() => new Instance(module, new Imports(("h", wrongType)))).Message);
    }

    [Fact]
    public void TypedDelegatesBecomeHostFunctions()
    {
        using var host = TypedHostFunction.Create((int x) => x * 10);
        Assert.Equal(I32ToI32, host.Type);
        using var instance = Instantiate(CallsImport(), new Imports(("h", host)));
        Assert.Equal([WasmValue.I32(-29)], instance.Call("call", WasmValue.I32(-3)));
    }

    [Fact]
    public void TypedDelegatesMapEveryValueTypeAndTuples()
    {
        using var mixed = TypedHostFunction.Create((long a, float b, double c, uint d) => (a + 1, b * 2, c / 2, d));
        Assert.Equal(new FuncType([ValType.I64, ValType.F32, ValType.F64, ValType.I32], [ValType.I64, ValType.F32, ValType.F64, ValType.I32]), mixed.Type);
        var results = new ulong[4];
        ulong[] arguments = [ulong.MaxValue, BitConverter.SingleToUInt32Bits(1.5f), BitConverter.DoubleToUInt64Bits(3.0), 0xFFFF_FFFF];
        mixed.Callback(arguments, results);
        Assert.Equal(0ul, results[0]);
        Assert.Equal(3.0f, BitConverter.UInt32BitsToSingle((uint)results[1]));
        Assert.Equal(1.5, BitConverter.UInt64BitsToDouble(results[2]));
        Assert.Equal(0xFFFF_FFFFul, results[3]);

        Assert.Throws<ArgumentException>(() => TypedHostFunction.Create((string s) => s.Length));
    }

    [Fact]
    public void TypedCallsAreCheckedAgainstTheSignature()
    {
        using var host = TypedHostFunction.Create((int x) => x);
        using var instance = Instantiate(CallsImport(), new Imports(("h", host)));
        Assert.Throws<ArgumentException>(() => instance.Call("call", WasmValue.I64(1)));
        Assert.Throws<ArgumentException>(() => instance.Call("call"));
        Assert.Equal(8, instance.Call("call", WasmValue.I32(7))[0].AsI32());
    }
}
