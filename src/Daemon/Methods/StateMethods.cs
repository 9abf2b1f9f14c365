using Wasmbox.Daemon.Instances;
using Wasmbox.Daemon.Sessions;
using Wasmbox.Daemon.Values;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime.Native;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Daemon.Methods;

/// <summary>
/// <c>instance/memory/read|write</c> and <c>instance/global/get|set</c>. They run on the executor, like
/// guest code, so they see memory between guest steps and never a freed instance; during a host
/// call the executor runs them while the guest waits, which is how a host function reads its
/// arguments out of guest memory.
/// </summary>
internal static class StateMethods
{
    public static void Register(Session session)
    {
        session.Serve(WasmboxMethods.MemoryRead, (request, _) => OnExecutor(session, request.InstanceId, target =>
        {
            var memory = FindMemory(target, request.Memory);
            CheckRange(memory, request.Offset, request.Length);
            return new MemoryReadResult { Bytes = memory.GetSpan((ulong)request.Offset, (int)request.Length).ToArray() };
        }));

        session.Serve(WasmboxMethods.MemoryWrite, (request, _) => OnExecutor(session, request.InstanceId, target =>
        {
            var memory = FindMemory(target, request.Memory);
            CheckRange(memory, request.Offset, request.Bytes.Length);
            request.Bytes.CopyTo(memory.GetSpan((ulong)request.Offset, request.Bytes.Length));
            return NoResult.Value;
        }));

        session.Serve(WasmboxMethods.GlobalGet, (request, _) => OnExecutor(session, request.InstanceId, target =>
        {
            var global = target.Engine.GetGlobal(request.Name) ?? throw WasmboxErrors.NotFound($"no global exported as '{request.Name}'");
            var type = global.Type.Type;
            return new GlobalGetResult { Value = WireValueJson.ToJson(ValueBits.ToWire([global.Bits], [type])[0]), Type = type.ToWire() };
        }));

        session.Serve(WasmboxMethods.GlobalSet, (request, _) => OnExecutor(session, request.InstanceId, target =>
        {
            var global = target.Engine.GetGlobal(request.Name) ?? throw WasmboxErrors.NotFound($"no global exported as '{request.Name}'");
            if (!global.Type.Mutable) throw WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, $"global '{request.Name}' is immutable");
            if (global.Type.Type == ValType.V128) throw WasmboxErrors.Create(WasmboxErrorTypes.InvalidOperation, "v128 globals cannot be set through the daemon yet");
            var value = WireValueJson.FromJson([request.Value], [global.Type.Type.ToWire()], "value");
            global.Bits = ValueBits.FromWire(value)[0];
            return NoResult.Value;
        }));
    }

    private static ValueTask<T> OnExecutor<T>(Session session, string instanceId, Func<SessionInstance, T> work)
    {
        var target = session.Instances.Get(instanceId);
        return new ValueTask<T>(session.Executor.RunAsync(() =>
        {
            if (!target.IsUsable) throw WasmboxErrors.NotFound($"instance '{instanceId}' was disposed");
            return work(target);
        }));
    }

    /// <summary>The memory exported as <paramref name="name"/>, or with no name the first exported memory.</summary>
    private static LinearMemory FindMemory(SessionInstance target, string? name)
    {
        var exportName = name ?? target.Module.Exports.FirstOrDefault(e => e.Kind == ExternalKind.Memory)?.Name
            ?? throw WasmboxErrors.NotFound("the instance exports no memory");
        return target.Engine.GetMemory(exportName) ?? throw WasmboxErrors.NotFound($"no memory exported as '{exportName}'");
    }

    private static void CheckRange(LinearMemory memory, long offset, long length)
    {
        if (offset < 0 || length < 0) throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, "offset and length must not be negative");
        if ((ulong)offset + (ulong)length > memory.SizeInBytes || length > int.MaxValue)
            throw WasmboxErrors.Create(WasmboxErrorTypes.OutOfBounds, $"bytes {offset}..{offset + length} are outside the memory's {memory.SizeInBytes} bytes");
    }
}
