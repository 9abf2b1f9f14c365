using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime.Interrupts;
using Wasmbox.Engine.Runtime.Stubs;

namespace Wasmbox.Engine.Runtime;

/// <summary>Calls into the instance's functions: argument checks, entry, deadlines and interrupts, traps.</summary>
public sealed unsafe partial class Instance
{
    /// <summary>Calls the exported function <paramref name="name"/> with typed arguments, checked against its signature.</summary>
    public WasmValue[] Call(string name, params WasmValue[] arguments)
    {
        uint functionIndex = ExportedFunctionIndex(name);
        var type = Module.GetFunctionType(functionIndex);
        if (!arguments.Select(a => a.Type).SequenceEqual(type.Parameters))
        {
            throw new ArgumentException($"{name} takes {type}, not [{string.Join(' ', arguments.Select(a => a.Type.ToWat()))}]", nameof(arguments));
        }

        var results = Invoke(functionIndex, arguments.Select(a => a.Bits).ToArray());
        return results.Select((bits, i) => new WasmValue(type.Results[i], bits)).ToArray();
    }

    /// <summary>Calls the exported function <paramref name="name"/> with arguments as raw bits; returns the results as raw bits.</summary>
    public ulong[] Invoke(string name, params ulong[] arguments)
    {
        return Invoke(ExportedFunctionIndex(name), arguments);
    }

    public ulong[] Invoke(uint functionIndex, ulong[] arguments) => Invoke(functionIndex, arguments, null);

    /// <summary>The detail of a call stopped because a call it is nested in was: it reports that call's reason.</summary>
    private const string EnclosingCallStopped = "the call this one is nested in was stopped";

    /// <summary>
    /// Calls function <paramref name="functionIndex"/>; with a <paramref name="deadline"/>, code still
    /// running when it passes stops with the trap "deadline exceeded", and cancelling
    /// <paramref name="cancellation"/> stops it with the trap "interrupted". Either stops calls nested
    /// inside this one too (host → wasm), which report the same reason. The instance stays usable,
    /// its state as the guest left it, as after any trap.
    /// </summary>
    public ulong[] Invoke(uint functionIndex, ulong[] arguments, TimeSpan? deadline, CancellationToken cancellation = default)
    {
        var type = Module.GetFunctionType(functionIndex);
        if (arguments.Length != type.Parameters.Length)
        {
            throw new ArgumentException($"function {functionIndex} takes {type.Parameters.Length} arguments, not {arguments.Length}");
        }

        int slotCount = Math.Max(type.Parameters.Length, type.Results.Length);
        var slots = new ulong[Math.Max(1, slotCount)];
        arguments.CopyTo(slots, 0);
        // JIT code relies on i32 (and f32) values having a zero upper half.
        for (int i = 0; i < arguments.Length; i++)
        {
            if (type.Parameters[i] is ValType.I32 or ValType.F32) slots[i] &= 0xFFFF_FFFF;
        }
        int resultKind = type.Results.Length switch
        {
            0 => RuntimeStubs.NoResult,
            1 => type.Results[0] is ValType.F32 or ValType.F64 ? RuntimeStubs.FloatResult : RuntimeStubs.IntegerResult,
            _ => RuntimeStubs.ResultsInSlots,
        };

        var target = _functions.Pointer<FuncRef>()[functionIndex];
        long trap;
        var interruptReason = TrapKind.None;
        bool interruptedHere = false;
        var calls = InterruptibleCalls.Current;
        using (var interruptible = calls.Begin(deadline, cancellation))
        {
            fixed (ulong* slotPointer = slots)
            {
                trap = RuntimeStubs.Enter(ThreadExecution.Current, target.Context, target.Code, slotPointer, slotCount, resultKind);
            }

            // A stack-limit trap may be a raised limit (this call's interrupt or an enclosing one's),
            // and a host failure may be a nested call that this call's interrupt stopped.
            if (trap is (long)TrapKind.CallStackExhausted or (long)TrapKind.HostError)
            {
                interruptReason = calls.ReasonFor(interruptible, out interruptedHere);
            }
        }

        GC.KeepAlive(this);
        GC.KeepAlive(_compiled);
        if (trap != 0)
        {
            var kind = (TrapKind)trap;
            var stack = CodeRegistry.LastTrapStack();
            string? interruptDetail = interruptedHere ? null : EnclosingCallStopped;
            if (kind == TrapKind.CallStackExhausted && interruptReason != TrapKind.None)
            {
                throw new TrapException(interruptReason, stack, interruptDetail);
            }

            if (kind == TrapKind.HostError && HostDispatcher.TakePendingException() is { } failure)
            {
                if (interruptReason != TrapKind.None && failure is TrapException { Kind: TrapKind.DeadlineExceeded or TrapKind.Interrupted })
                {
                    throw new TrapException(interruptReason, stack, interruptDetail, failure);
                }

                throw new TrapException(kind, stack, failure.Message, failure);
            }

            var state = ThreadExecution.Current;
            if (kind == TrapKind.UninitializedElement) throw new TrapException(kind, stack, state->TrapDetail.ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw new TrapException(kind, stack);
        }

        var results = new ulong[type.Results.Length];
        Array.Copy(slots, results, results.Length);
        // An f32 or i32 result comes back in the low half of its 64-bit slot.
        for (int i = 0; i < results.Length; i++)
        {
            if (type.Results[i] is ValType.I32 or ValType.F32) results[i] &= 0xFFFF_FFFF;
        }

        return results;
    }
}
