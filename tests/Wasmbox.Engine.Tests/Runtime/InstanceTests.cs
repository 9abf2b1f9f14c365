using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Validation;
using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Runtime;

public class InstanceTests
{
    // (func $fib (param i32) (result i32)
    //   (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
    //     (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
    //                    (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    private static readonly byte[] FibBody =
    [
        0x20, 0x00, 0x41, 0x02, 0x49, 0x04, 0x7F, 0x20, 0x00, 0x05,
        0x20, 0x00, 0x41, 0x01, 0x6B, 0x10, 0x00,
        0x20, 0x00, 0x41, 0x02, 0x6B, 0x10, 0x00, 0x6A, 0x0B, 0x0B,
    ];

    private static Instance Instantiate(byte[] bytes) => new(ModuleValidator.Validate(ModuleDecoder.Decode(bytes)));

    /// <summary>A module of functions of one type, each exported as f0, f1, ..., with a name section naming them n0, n1, ....</summary>
    private static byte[] Functions(byte[] type, params byte[][] bodies)
    {
        var names = bodies.Select((_, i) => (byte[])[.. U32((uint)i), .. Name($"n{i}")]).ToArray();
        return Module(
            Section(1, Vec(type)),
            Section(3, Vec(bodies.Select(_ => new byte[] { 0x00 }).ToArray())),
            Section(7, Vec(bodies.Select((_, i) => (byte[])[.. Name($"f{i}"), 0x00, .. U32((uint)i)]).ToArray())),
            Section(10, Vec(bodies.Select(b => Body(b, [])).ToArray())),
            Section(0, [.. Name("name"), .. Section(1, Vec(names))]));
    }

    private static readonly byte[] I32ToI32 = [0x60, 0x01, 0x7F, 0x01, 0x7F];

    private static ulong I32(int value) => (uint)value;

    [Fact]
    public void RecursiveFibonacci()
    {
        using var instance = Instantiate(Functions(I32ToI32, FibBody));
        Assert.Equal(832040ul, instance.Invoke("f0", 30)[0]);
    }

    [Fact]
    public void TrapCarriesKindMessageAndWasmStack()
    {
        // n0 divides 1 by its argument; n1 calls n0.
        byte[] divide = [0x41, 0x01, 0x20, 0x00, 0x6E, 0x0B];
        byte[] caller = [0x20, 0x00, 0x10, 0x00, 0x0B];
        using var instance = Instantiate(Functions(I32ToI32, divide, caller));
        var trap = Assert.Throws<TrapException>(() => instance.Invoke("f1", 0));
        Assert.Equal(TrapKind.IntegerDivideByZero, trap.Kind);
        Assert.Equal("integer divide by zero", trap.Message);
        Assert.Equal(["n0 (func[0])", "n1 (func[1])"], trap.WasmStack);

        // The instance stays usable after a trap.
        Assert.Equal(1ul, instance.Invoke("f1", 1)[0]);
    }

    [Fact]
    public void RunawayRecursionIsATrapAndTheThreadSurvives()
    {
        byte[] recurse = [0x20, 0x00, 0x10, 0x00, 0x0B];
        using var instance = Instantiate(Functions(I32ToI32, recurse));
        for (int i = 0; i < 3; i++)
        {
            var trap = Assert.Throws<TrapException>(() => instance.Invoke("f0", 1));
            Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
            Assert.InRange(trap.WasmStack.Count, 1, 256);
        }
    }

    [Fact]
    public void SignedDivisionEdgeCases()
    {
        byte[] type = [0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F];
        byte[] divS = [0x20, 0x00, 0x20, 0x01, 0x6D, 0x0B];
        byte[] remS = [0x20, 0x00, 0x20, 0x01, 0x6F, 0x0B];
        using var instance = Instantiate(Functions(type, divS, remS));
        ulong min = 0x8000_0000;
        ulong minusOne = 0xFFFF_FFFF;
        Assert.Equal(TrapKind.IntegerOverflow, Assert.Throws<TrapException>(() => instance.Invoke("f0", min, minusOne)).Kind);
        Assert.Equal(0ul, instance.Invoke("f1", min, minusOne)[0]);
        Assert.Equal(I32(-3), instance.Invoke("f0", I32(-7), 2)[0]);
        Assert.Equal(I32(-1), instance.Invoke("f1", I32(-7), 2)[0]);
    }

    [Fact]
    public void MultipleResultsComeBackInOrder()
    {
        // (func (param i32) (result i32 i32 i32) (local.get 0) (i32.const 7) (i32.mul (local.get 0) (local.get 0)))
        byte[] type = [0x60, 0x01, 0x7F, 0x03, 0x7F, 0x7F, 0x7F];
        byte[] body = [0x20, 0x00, 0x41, 0x07, 0x20, 0x00, 0x20, 0x00, 0x6C, 0x0B];
        using var instance = Instantiate(Functions(type, body));
        Assert.Equal([5ul, 7ul, 25ul], instance.Invoke("f0", 5));
    }
}
