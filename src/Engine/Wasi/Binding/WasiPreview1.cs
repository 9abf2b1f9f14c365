using System.Collections.Frozen;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Functions;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Binding;

/// <summary>
/// Every function of WASI preview1 (<c>wasi_snapshot_preview1.witx</c>), with its core wasm
/// signature and an invoker. The signatures are the witx types lowered to wasm: pointers, sizes,
/// descriptors and every flag or enum smaller than 64 bits are i32; 64-bit values (file sizes and
/// offsets, timestamps, rights, cookies) are i64; each function returns its errno as an i32.
/// </summary>
public static class WasiPreview1
{
    public const string ModuleName = "wasi_snapshot_preview1";

    private const ValType I32 = ValType.I32;
    private const ValType I64 = ValType.I64;

    /// <summary>All 46 functions, in the witx's order.</summary>
    public static IReadOnlyList<WasiFunction> Functions { get; } = Define();

    private static readonly FrozenDictionary<string, WasiFunction> ByName = Functions.ToFrozenDictionary(f => f.Name);

    /// <summary>The function a module imports as <paramref name="module"/>.<paramref name="name"/>, or null if WASI has none.</summary>
    public static WasiFunction? Find(string module, string name) =>
        module == ModuleName && ByName.TryGetValue(name, out var function) ? function : null;

    private static WasiFunction[] Define() =>
    [
        F("args_get", [I32, I32], (c, m, a) => ArgsEnvironFunctions.ArgsGet(c, m, U(a[0]), U(a[1]))),
        F("args_sizes_get", [I32, I32], (c, m, a) => ArgsEnvironFunctions.ArgsSizesGet(c, m, U(a[0]), U(a[1]))),
        F("environ_get", [I32, I32], (c, m, a) => ArgsEnvironFunctions.EnvironGet(c, m, U(a[0]), U(a[1]))),
        F("environ_sizes_get", [I32, I32], (c, m, a) => ArgsEnvironFunctions.EnvironSizesGet(c, m, U(a[0]), U(a[1]))),
        F("clock_res_get", [I32, I32], (c, m, a) => ClockFunctions.ResGet(c, m, U(a[0]), U(a[1]))),
        F("clock_time_get", [I32, I64, I32], (c, m, a) => ClockFunctions.TimeGet(c, m, U(a[0]), a[1], U(a[2]))),
        F("fd_advise", [I32, I64, I64, I32], (c, m, a) => FdFileFunctions.Advise(c, m, U(a[0]), a[1], a[2], U(a[3]))),
        F("fd_allocate", [I32, I64, I64], (c, m, a) => FdFileFunctions.Allocate(c, m, U(a[0]), a[1], a[2])),
        F("fd_close", [I32], (c, m, a) => FdDescriptorFunctions.Close(c, m, U(a[0]))),
        F("fd_datasync", [I32], (c, m, a) => FdFileFunctions.Datasync(c, m, U(a[0]))),
        F("fd_fdstat_get", [I32, I32], (c, m, a) => FdDescriptorFunctions.FdstatGet(c, m, U(a[0]), U(a[1]))),
        F("fd_fdstat_set_flags", [I32, I32], (c, m, a) => FdDescriptorFunctions.FdstatSetFlags(c, m, U(a[0]), U(a[1]))),
        F("fd_fdstat_set_rights", [I32, I64, I64], (c, m, a) => FdDescriptorFunctions.FdstatSetRights(c, m, U(a[0]), a[1], a[2])),
        F("fd_filestat_get", [I32, I32], (c, m, a) => FdFileFunctions.FilestatGet(c, m, U(a[0]), U(a[1]))),
        F("fd_filestat_set_size", [I32, I64], (c, m, a) => FdFileFunctions.FilestatSetSize(c, m, U(a[0]), a[1])),
        F("fd_filestat_set_times", [I32, I64, I64, I32], (c, m, a) => FdFileFunctions.FilestatSetTimes(c, m, U(a[0]), a[1], a[2], U(a[3]))),
        F("fd_pread", [I32, I32, I32, I64, I32], (c, m, a) => FdIoFunctions.Pread(c, m, U(a[0]), U(a[1]), U(a[2]), a[3], U(a[4]))),
        F("fd_prestat_get", [I32, I32], (c, m, a) => FdDescriptorFunctions.PrestatGet(c, m, U(a[0]), U(a[1]))),
        F("fd_prestat_dir_name", [I32, I32, I32], (c, m, a) => FdDescriptorFunctions.PrestatDirName(c, m, U(a[0]), U(a[1]), U(a[2]))),
        F("fd_pwrite", [I32, I32, I32, I64, I32], (c, m, a) => FdIoFunctions.Pwrite(c, m, U(a[0]), U(a[1]), U(a[2]), a[3], U(a[4]))),
        F("fd_read", [I32, I32, I32, I32], (c, m, a) => FdIoFunctions.Read(c, m, U(a[0]), U(a[1]), U(a[2]), U(a[3]))),
        F("fd_readdir", [I32, I32, I32, I64, I32], (c, m, a) => FdReaddirFunction.Readdir(c, m, U(a[0]), U(a[1]), U(a[2]), a[3], U(a[4]))),
        F("fd_renumber", [I32, I32], (c, m, a) => FdDescriptorFunctions.Renumber(c, m, U(a[0]), U(a[1]))),
        F("fd_seek", [I32, I64, I32, I32], (c, m, a) => FdIoFunctions.Seek(c, m, U(a[0]), (long)a[1], U(a[2]), U(a[3]))),
        F("fd_sync", [I32], (c, m, a) => FdFileFunctions.Sync(c, m, U(a[0]))),
        F("fd_tell", [I32, I32], (c, m, a) => FdIoFunctions.Tell(c, m, U(a[0]), U(a[1]))),
        F("fd_write", [I32, I32, I32, I32], (c, m, a) => FdIoFunctions.Write(c, m, U(a[0]), U(a[1]), U(a[2]), U(a[3]))),
        F("path_create_directory", [I32, I32, I32], (c, m, a) => PathEntryFunctions.CreateDirectory(c, m, U(a[0]), U(a[1]), U(a[2]))),
        F("path_filestat_get", [I32, I32, I32, I32, I32], (c, m, a) => PathMetadataFunctions.FilestatGet(c, m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]))),
        F("path_filestat_set_times", [I32, I32, I32, I32, I64, I64, I32], (c, m, a) => PathMetadataFunctions.FilestatSetTimes(c, m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), a[4], a[5], U(a[6]))),
        F("path_link", [I32, I32, I32, I32, I32, I32, I32], (c, m, a) => PathEntryFunctions.Link(c, m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5]), U(a[6]))),
        F("path_open", [I32, I32, I32, I32, I32, I64, I64, I32, I32], (c, m, a) => PathOpenFunction.Open(c, m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), a[5], a[6], U(a[7]), U(a[8]))),
        F("path_readlink", [I32, I32, I32, I32, I32, I32], (c, m, a) => PathMetadataFunctions.Readlink(c, m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5]))),
        F("path_remove_directory", [I32, I32, I32], (c, m, a) => PathEntryFunctions.RemoveDirectory(c, m, U(a[0]), U(a[1]), U(a[2]))),
        F("path_rename", [I32, I32, I32, I32, I32, I32], (c, m, a) => PathEntryFunctions.Rename(c, m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5]))),
        F("path_symlink", [I32, I32, I32, I32, I32], (c, m, a) => PathEntryFunctions.Symlink(c, m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]))),
        F("path_unlink_file", [I32, I32, I32], (c, m, a) => PathEntryFunctions.UnlinkFile(c, m, U(a[0]), U(a[1]), U(a[2]))),
        F("poll_oneoff", [I32, I32, I32, I32], (c, m, a) => PollFunctions.PollOneoff(c, m, U(a[0]), U(a[1]), U(a[2]), U(a[3]))),
        new WasiFunction("proc_exit", new FuncType([I32], []), (c, m, a) => (int)ProcFunctions.Exit(c, m, U(a[0]))),
        F("proc_raise", [I32], (c, m, a) => ProcFunctions.Raise(c, m, U(a[0]))),
        F("sched_yield", [], (c, m, a) => ProcFunctions.SchedYield(c, m)),
        F("random_get", [I32, I32], (c, m, a) => RandomFunctions.Get(c, m, U(a[0]), U(a[1]))),
        F("sock_accept", [I32, I32, I32], (c, m, a) => SocketFunctions.Accept(c, m, U(a[0]), U(a[1]), U(a[2]))),
        F("sock_recv", [I32, I32, I32, I32, I32, I32], (c, m, a) => SocketFunctions.Recv(c, m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5]))),
        F("sock_send", [I32, I32, I32, I32, I32], (c, m, a) => SocketFunctions.Send(c, m, U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]))),
        F("sock_shutdown", [I32, I32], (c, m, a) => SocketFunctions.Shutdown(c, m, U(a[0]), U(a[1]))),
    ];

    /// <summary>The i32 argument's bits as unsigned: WASI's i32 parameters are all u32 or smaller.</summary>
    private static uint U(ulong argument) => (uint)argument;

    /// <summary>A function returning its errno as i32, with every failure turned into an errno.</summary>
    private static WasiFunction F(string name, ValType[] parameters, Func<WasiContext, IGuestMemory, ReadOnlySpan<ulong>, Errno> body)
    {
        var arity = parameters.Length;
        return new WasiFunction(name, new FuncType(parameters, [I32]), (context, memory, arguments) =>
        {
            if (arguments.Length != arity) throw new ArgumentException($"{name} takes {arity} arguments, not {arguments.Length}", nameof(arguments));
            try
            {
                return (int)body(context, memory, arguments);
            }
            // A cancelled wait (an embedder's blocking stdin, say) unwinds the guest like proc_exit:
            // an errno would let a guest that is being stopped carry on.
            catch (Exception e) when (e is not WasiExitException and not OperationCanceledException)
            {
                context.UnexpectedFailure?.Invoke(name, e);
                return (int)WasiFailures.ToErrno(e);
            }
        });
    }
}
