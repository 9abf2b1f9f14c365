using Wasmbox.Daemon.Instances;
using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;

namespace Wasmbox.Daemon.Wasi;

/// <summary>
/// Everything an instance imports: WASI preview 1 from the daemon itself when the client asked for
/// it, and the function imports the client serves through <c>host/call</c>. WASI is asked first,
/// so a <c>wasi_snapshot_preview1</c> import is always the daemon's own.
/// </summary>
internal sealed class InstanceImports(ClientImports client) : IImportResolver, IDisposable
{
    private WasiBinding? _wasi;

    /// <summary>Serves the WASI imports from <paramref name="wasi"/>, which this now owns.</summary>
    public void Add(WasiBinding wasi) => _wasi = wasi;

    public object? Resolve(Import import) => _wasi?.Resolve(import) ?? client.Resolve(import);

    /// <summary>Gives WASI the instance's memory, once the instance exists.</summary>
    public void Attach(Instance instance) => _wasi?.Attach(instance);

    public void Dispose()
    {
        _wasi?.Dispose();
        client.Dispose();
    }
}
