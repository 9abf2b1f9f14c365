using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>args_get, args_sizes_get, environ_get, environ_sizes_get.</summary>
internal static class ArgsEnvironFunctions
{
    public static Errno ArgsGet(WasiContext context, IGuestMemory memory, uint pointers, uint buffer) =>
        WriteStrings(context.Arguments, memory, pointers, buffer);

    public static Errno ArgsSizesGet(WasiContext context, IGuestMemory memory, uint countPointer, uint sizePointer) =>
        WriteSizes(context.Arguments, memory, countPointer, sizePointer);

    public static Errno EnvironGet(WasiContext context, IGuestMemory memory, uint pointers, uint buffer) =>
        WriteStrings(context.Environment, memory, pointers, buffer);

    public static Errno EnvironSizesGet(WasiContext context, IGuestMemory memory, uint countPointer, uint sizePointer) =>
        WriteSizes(context.Environment, memory, countPointer, sizePointer);

    private static Errno WriteSizes(StringBlock strings, IGuestMemory memory, uint countPointer, uint sizePointer)
    {
        if (!memory.Contains(countPointer, 4) || !memory.Contains(sizePointer, 4)) return Errno.Fault;
        memory.TryWriteUInt32(countPointer, (uint)strings.Count);
        memory.TryWriteUInt32(sizePointer, (uint)strings.TotalSize);
        return Errno.Success;
    }

    /// <summary>
    /// Writes the strings back to back at <paramref name="buffer"/> and a pointer to each into the
    /// array at <paramref name="pointers"/>, after checking that both fit (so a fault writes nothing).
    /// </summary>
    private static Errno WriteStrings(StringBlock strings, IGuestMemory memory, uint pointers, uint buffer)
    {
        if (!memory.Contains(pointers, (ulong)strings.Count * 4) || !memory.Contains(buffer, (ulong)strings.TotalSize)) return Errno.Fault;

        var next = buffer;
        for (var i = 0; i < strings.Count; i++)
        {
            memory.TryWriteUInt32(pointers + (uint)i * 4, next);
            memory.TryWrite(next, strings.Strings[i]);
            next += (uint)strings.Strings[i].Length;
        }

        return Errno.Success;
    }
}
