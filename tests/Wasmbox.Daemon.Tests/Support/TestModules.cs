using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Daemon.Tests.Support;

/// <summary>The modules the tests run.</summary>
internal static class TestModules
{
    private const byte I32 = 0x7F;

    /// <summary>add (i32, i32) → i32; div (i32, i32) → i32 (i32.div_s, traps on zero); spin () → () loops forever.</summary>
    /// <remarks>
    /// spin calls an empty function on each turn: the JIT checks the stack limit (which a deadline
    /// raises) only in function prologues so far, so a loop without calls could not be stopped.
    /// </remarks>
    public static readonly byte[] Arithmetic = Module(
        Section(1, Vec([0x60, 0x02, I32, I32, 0x01, I32], [0x60, 0x00, 0x00])),
        Section(3, Vec([0x00], [0x00], [0x01], [0x01])),
        Section(7, Vec(Export("add", 0, 0), Export("div", 0, 1), Export("spin", 0, 2))),
        Section(10, Vec(
            Body(0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B),
            Body(0x20, 0x00, 0x20, 0x01, 0x6D, 0x0B),
            Body(0x03, 0x40, 0x10, 0x03, 0x0C, 0x00, 0x0B, 0x0B),
            Body(0x0B))));

    /// <summary>
    /// Imports env.twice (i32) → i32 and env.peek (i32 ptr, i32 len) → i32; exports run(x) = twice(x) + 1,
    /// peek(ptr, len) = env.peek(ptr, len), and a one-page memory holding "hello" at 0.
    /// </summary>
    public static readonly byte[] HostCalls = Module(
        Section(1, Vec([0x60, 0x01, I32, 0x01, I32], [0x60, 0x02, I32, I32, 0x01, I32])),
        Section(2, Vec(Import("env", "twice", 0), Import("env", "peek", 1))),
        Section(3, Vec([0x00], [0x01])),
        Section(5, Vec([0x00, 0x01])),
        Section(7, Vec(Export("run", 0, 2), Export("peek", 0, 3), Export("memory", 2, 0))),
        Section(10, Vec(
            Body(0x20, 0x00, 0x10, 0x00, 0x41, 0x01, 0x6A, 0x0B),
            Body(0x20, 0x00, 0x20, 0x01, 0x10, 0x01, 0x0B))),
        Section(11, Vec([0x00, 0x41, 0x00, 0x0B, .. Vec("hello"u8.ToArray().Select(b => new[] { b }).ToArray())])));

    /// <summary>
    /// A memory of <paramref name="minPages"/> pages without a declared maximum. bomb () → i32 grows it
    /// a page at a time until memory.grow fails, then returns its size in pages; grow (i32) → i32 is memory.grow.
    /// </summary>
    public static byte[] MemoryBomb(uint minPages) => Module(
        Section(1, Vec([0x60, 0x00, 0x01, I32], [0x60, 0x01, I32, 0x01, I32])),
        Section(3, Vec([0x00], [0x01])),
        Section(5, Vec([0x00, .. U32(minPages)])),
        Section(7, Vec(Export("bomb", 0, 0), Export("grow", 0, 1))),
        Section(10, Vec(
            Body(0x02, 0x40, 0x03, 0x40, 0x41, 0x01, 0x40, 0x00, 0x41, 0x7F, 0x46, 0x0D, 0x01, 0x0C, 0x00, 0x0B, 0x0B, 0x3F, 0x00, 0x0B),
            Body(0x20, 0x00, 0x40, 0x00, 0x0B))));

    /// <summary>A start function that loops forever, calling nothing.</summary>
    public static readonly byte[] SpinningStart = Module(
        Section(1, Vec([0x60, 0x00, 0x00])),
        Section(3, Vec([0x00])),
        Section(8, U32(0)),
        Section(10, Vec(Body(0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B))));
}
