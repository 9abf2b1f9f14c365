using Wasmbox.Engine.Runtime;

namespace Wasmbox.Engine.Tests.Compiler;

/// <summary>
/// Accesses the compiler may try to prove in bounds (a checked base local reused, loops, offsets,
/// negative displacements) must still trap exactly where the spec says. An unsound bounds-check
/// elimination is a sandbox escape, so every such optimization has to keep these passing.
/// </summary>
public class BoundsCheckEliminationTests
{
    // The module below, as text:
    // (module
    //   (memory 1)
    //   (func (export "a") (param $p i32) (result i32)
    //     (drop (i32.load (local.get $p)))
    //     (local.set $p (i32.add (local.get $p) (i32.const 8)))
    //     (i32.load (local.get $p)))
    //   (func (export "b") (param $p i32) (result i32) (local $s i32)
    //     (loop $l
    //       (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
    //       (local.set $p (i32.add (local.get $p) (i32.const 1)))
    //       (br $l))
    //     (local.get $s))
    //   (func (export "c") (param $p i32) (result i32)
    //     (i32.add (i32.load offset=4 (local.get $p)) (i32.load (local.get $p))))
    //   (func (export "d") (param $p i32) (result i32)
    //     (drop (i32.load offset=100 (local.get $p)))
    //     (i32.load offset=65535 (local.get $p)))
    //   (func (export "e") (param $p i32) (result i32)
    //     (drop (i32.load (local.get $p)))
    //     (i32.load (i32.sub (local.get $p) (i32.const 4))))
    //   (func (export "f") (param $p i32) (result i32) (local $q i32)
    //     (local.set $q (local.get $p))
    //     (drop (i32.load (local.get $q)))
    //     (local.set $q (i32.const -4))
    //     (i32.load (local.get $q)))
    //   (func (export "g") (param $p i32) (result i32) (local $q i32)
    //     (drop (i32.load (local.get $p)))
    //     (local.set $q (i32.add (local.get $p) (i32.const -8)))
    //     (i32.load (local.get $q)))
    //   (func (export "h") (param $p i32) (result i32) (local $q i32)
    //     (drop (i32.load (local.get $p)))
    //     (local.set $q (i32.add (local.get $p) (i32.const 4)))
    //     (i32.load (local.get $q)))
    //   (func (export "i") (param $p i32) (result i32) (local $q i32)
    //     (loop $l
    //       (drop (i32.load8_u (local.get $p)))
    //       (local.set $q (i32.add (local.get $p) (i32.const -1)))
    //       (drop (i32.load8_u (local.get $q)))
    //       (local.set $p (local.get $q))
    //       (br $l))
    //     (i32.const 0))
    // )
    private static readonly byte[] Module =
    [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F,
        0x03, 0x0A, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00,
        0x01, 0x07, 0x25, 0x09, 0x01, 0x61, 0x00, 0x00, 0x01, 0x62, 0x00, 0x01, 0x01, 0x63, 0x00, 0x02,
        0x01, 0x64, 0x00, 0x03, 0x01, 0x65, 0x00, 0x04, 0x01, 0x66, 0x00, 0x05, 0x01, 0x67, 0x00, 0x06,
        0x01, 0x68, 0x00, 0x07, 0x01, 0x69, 0x00, 0x08, 0x0A, 0xCB, 0x01, 0x09, 0x14, 0x00, 0x20, 0x00,
        0x28, 0x02, 0x00, 0x1A, 0x20, 0x00, 0x41, 0x08, 0x6A, 0x21, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00,
        0x0B, 0x1C, 0x01, 0x01, 0x7F, 0x03, 0x40, 0x20, 0x01, 0x20, 0x00, 0x2D, 0x00, 0x00, 0x6A, 0x21,
        0x01, 0x20, 0x00, 0x41, 0x01, 0x6A, 0x21, 0x00, 0x0C, 0x00, 0x0B, 0x20, 0x01, 0x0B, 0x0D, 0x00,
        0x20, 0x00, 0x28, 0x02, 0x04, 0x20, 0x00, 0x28, 0x02, 0x00, 0x6A, 0x0B, 0x0F, 0x00, 0x20, 0x00,
        0x28, 0x02, 0x64, 0x1A, 0x20, 0x00, 0x28, 0x02, 0xFF, 0xFF, 0x03, 0x0B, 0x10, 0x00, 0x20, 0x00,
        0x28, 0x02, 0x00, 0x1A, 0x20, 0x00, 0x41, 0x04, 0x6B, 0x28, 0x02, 0x00, 0x0B, 0x17, 0x01, 0x01,
        0x7F, 0x20, 0x00, 0x21, 0x01, 0x20, 0x01, 0x28, 0x02, 0x00, 0x1A, 0x41, 0x7C, 0x21, 0x01, 0x20,
        0x01, 0x28, 0x02, 0x00, 0x0B, 0x16, 0x01, 0x01, 0x7F, 0x20, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x20,
        0x00, 0x41, 0x78, 0x6A, 0x21, 0x01, 0x20, 0x01, 0x28, 0x02, 0x00, 0x0B, 0x16, 0x01, 0x01, 0x7F,
        0x20, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x20, 0x00, 0x41, 0x04, 0x6A, 0x21, 0x01, 0x20, 0x01, 0x28,
        0x02, 0x00, 0x0B, 0x22, 0x01, 0x01, 0x7F, 0x03, 0x40, 0x20, 0x00, 0x2D, 0x00, 0x00, 0x1A, 0x20,
        0x00, 0x41, 0x7F, 0x6A, 0x21, 0x01, 0x20, 0x01, 0x2D, 0x00, 0x00, 0x1A, 0x20, 0x01, 0x21, 0x00,
        0x0C, 0x00, 0x0B, 0x41, 0x00, 0x0B
    ];

    [Theory]
    [InlineData("a", 65528u, true)] // the base moves past the end after a checked access
    [InlineData("a", 65520u, false)]
    [InlineData("b", 0u, true)] // a loop walking off the end
    [InlineData("c", 65530u, true)] // a larger offset after a smaller one on the same base
    [InlineData("c", 65532u, true)]
    [InlineData("c", 65528u, false)]
    [InlineData("d", 0u, true)] // offset 65535 after offset 100
    [InlineData("d", 1u, true)]
    [InlineData("e", 2u, true)] // base minus a constant wraps around to near 4 GiB
    [InlineData("e", 4u, false)]
    [InlineData("f", 0u, true)] // the local is overwritten with an out-of-bounds constant
    [InlineData("g", 4u, true)] // a local derived from a checked one by a negative constant wraps below 0
    [InlineData("g", 8u, false)]
    [InlineData("h", 65532u, true)] // a local derived by a positive constant runs past the end
    [InlineData("h", 65528u, false)]
    [InlineData("i", 3u, true)] // a loop stepping a derived local downwards until it wraps
    public void AccessTrapsExactlyWhenOutOfBounds(string export, uint argument, bool traps)
    {
        var instance = new Instance(CompiledModule.Compile(Module));
        if (traps)
        {
            Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(() => instance.Invoke(export, argument)).Kind);
        }
        else
        {
            Assert.Equal(0ul, instance.Invoke(export, argument)[0]);
        }
    }
}
