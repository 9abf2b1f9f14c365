using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Runtime.Native;
using Wasmbox.Engine.Wasi;
using Wasmbox.Engine.Wasi.Binding;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Hosting;

/// <summary>
/// Serves a module's <c>wasi_snapshot_preview1</c> imports from one <see cref="WasiContext"/>: each
/// import becomes a host function that forwards to the WASI library with the instance's memory.
/// The memory is attached once the instance exists (WASI calls come from its exports, after that).
/// </summary>
public sealed class WasiImports : IImportResolver, IDisposable
{
    private readonly WasiContext _context;
    private readonly List<HostFunction> _functions = [];
    private IGuestMemory? _memory;

    public WasiImports(WasiContext context) => _context = context;

    /// <summary>Gives WASI the guest memory it reads and writes (the instance's exported "memory").</summary>
    public void Attach(LinearMemory memory) => _memory = new LinearMemoryGuestMemory(memory);

    public object? Resolve(Import import)
    {
        if (import.Kind != ExternalKind.Function) return null;
        var function = WasiPreview1.Find(import.Module, import.Name);
        if (function is null) return null;

        var host = new HostFunction(function.Type, (arguments, results) =>
        {
            var memory = _memory ?? throw new InvalidOperationException($"{function.Name} was called before the guest's memory was attached");
            int errno = function.Invoke(_context, memory, arguments);
            if (results.Length > 0) results[0] = (uint)errno;
        });
        _functions.Add(host);
        return host;
    }

    public void Dispose()
    {
        foreach (var function in _functions) function.Dispose();
    }
}
