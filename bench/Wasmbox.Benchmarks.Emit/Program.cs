using System.Diagnostics;
using Iced.Intel;
using Wasmbox.Benchmarks.Emit;
using Wasmbox.Engine.Compiler.Emit;

// Measures instructions per second and bytes allocated per instruction for one "module" of
// realistic code emitted into a reused buffer, for the emitter and two baselines. The first
// module is timed on its own: it runs before the JIT has optimized the emitter and Iced, which
// is what the first compilation in a fresh process sees. Then warm-up rounds, then the steady
// state (best and median, as other processes on the machine add noise).
// Run: dotnet run -c Release --project bench/Wasmbox.Benchmarks.Emit
const int BlocksPerModule = 50_000;
const int Rounds = 15;
const int WarmupRounds = 5;
const long InstructionsPerModule = (long)BlocksPerModule * InstructionMix.InstructionsPerBlock;

Console.WriteLine($"{InstructionsPerModule:N0} instructions per module; steady state is best and median of {Rounds} rounds after {WarmupRounds} warm-up rounds");
Console.WriteLine($"{"",-30}{"cold 1st ms",12}{"best M instr/s",16}{"median M instr/s",18}{"B alloc/instr",15}{"code bytes",12}");

var emitter = new X64Emitter();
Report("X64Emitter (helpers + labels)", () =>
{
    emitter.Reset();
    CodeLabel previous = emitter.NewLabel();
    emitter.Bind(previous);
    emitter.Ret();
    for (int i = 0; i < BlocksPerModule; i++)
    {
        CodeLabel block = emitter.NewLabel();
        InstructionMix.EmitWithHelpers(emitter, block, previous);
        previous = block;
    }
    emitter.Finish();
    return emitter.Position;
});

var rawBuffer = new CodeBuffer();
var encoder = Encoder.Create(64, rawBuffer);
Report("Encoder alone (no labels)", () =>
{
    rawBuffer.Reset();
    for (int i = 0; i < BlocksPerModule; i++)
        InstructionMix.EmitWithRawEncoder(encoder, rawBuffer);
    return rawBuffer.Position;
});

var assemblerOutput = new CodeBuffer();
Report("Iced Assembler (reference)", () =>
{
    assemblerOutput.Reset();
    var assembler = new Assembler(64);
    Label previous = assembler.CreateLabel();
    assembler.Label(ref previous);
    assembler.ret();
    for (int i = 0; i < BlocksPerModule; i++)
    {
        Label block = assembler.CreateLabel();
        InstructionMix.EmitWithAssembler(assembler, ref block, previous);
        previous = block;
    }
    assembler.Assemble(assemblerOutput, 0);
    return assemblerOutput.Position;
}, rounds: 5);

static void Report(string name, Func<int> emitModule, int rounds = Rounds)
{
    long coldStart = Stopwatch.GetTimestamp();
    emitModule();
    double coldMilliseconds = Stopwatch.GetElapsedTime(coldStart).TotalMilliseconds;
    for (int i = 1; i < WarmupRounds; i++)
        emitModule();
    GC.Collect();

    var seconds = new double[rounds];
    long allocated = 0;
    int codeBytes = 0;
    for (int round = 0; round < rounds; round++)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        codeBytes = emitModule();
        seconds[round] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    }
    Array.Sort(seconds);
    double best = InstructionsPerModule / seconds[0] / 1e6;
    double median = InstructionsPerModule / seconds[rounds / 2] / 1e6;
    double bytesPerInstruction = (double)allocated / rounds / InstructionsPerModule;
    Console.WriteLine($"{name,-30}{coldMilliseconds,12:F0}{best,16:F1}{median,18:F1}{bytesPerInstruction,15:F3}{codeBytes,12:N0}");
}
