using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Wasi;

namespace Wasmbox.Engine.Hosting;

/// <summary>How a WASI command ended: its exit status, or the trap that stopped it.</summary>
public sealed record WasiCommandResult(int ExitCode, TrapException? Trap);

/// <summary>
/// Runs a WASI command module (one exporting <c>_start</c>) to completion on a thread of its own
/// with a large stack, so deep guest recursion ends in a "call stack exhausted" trap long before
/// the process's own stack is at risk.
/// </summary>
public static class WasiCommand
{
    /// <summary>Stack of the thread the guest runs on.</summary>
    public const int StackBytes = 64 << 20;

    public static WasiCommandResult Run(CompiledModule module, WasiConfiguration configuration)
    {
        WasiCommandResult? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunHere(module, configuration);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, StackBytes)
        {
            Name = "wasm",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException(failure.Message, failure);
        return result!;
    }

    private static WasiCommandResult RunHere(CompiledModule module, WasiConfiguration configuration)
    {
        using var context = new WasiContext(configuration);
        using var imports = new WasiImports(context);
        Instance instance;
        try
        {
            instance = new Instance(module, imports);
        }
        catch (TrapException trap)
        {
            return Ended(trap);
        }

        using (instance)
        {
            var memory = instance.GetMemory("memory") ?? throw new InvalidOperationException("the module exports no memory named \"memory\", which WASI needs");
            imports.Attach(memory);
            var start = instance.GetFunction("_start") ?? throw new InvalidOperationException("the module exports no _start function: it is not a WASI command");
            try
            {
                start.Invoke();
                return new WasiCommandResult(0, null);
            }
            catch (TrapException trap)
            {
                return Ended(trap);
            }
        }
    }

    /// <summary>proc_exit arrives as a trap carrying <see cref="WasiExitException"/>: a clean exit, not a failure.</summary>
    private static WasiCommandResult Ended(TrapException trap) =>
        trap.InnerException is WasiExitException exit ? new WasiCommandResult(exit.ExitCode, null) : new WasiCommandResult(134, trap);
}
