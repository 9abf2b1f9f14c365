namespace Wasmbox.Daemon.Modules;

/// <summary>
/// The cache references one session holds, by module id. Everything is released when the session
/// ends; a compile that finishes after that releases its reference at once instead of leaking it.
/// </summary>
internal sealed class SessionModuleLeases
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ModuleLease> _leases = new(StringComparer.Ordinal);
    private bool _closed;

    public void Add(string moduleId, ModuleLease lease)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _leases[moduleId] = lease;
                return;
            }
        }
        lease.Dispose();
    }

    public void Release(string moduleId)
    {
        ModuleLease? lease;
        lock (_gate)
        {
            if (!_leases.Remove(moduleId, out lease)) return;
        }
        lease.Dispose();
    }

    public void ReleaseAll()
    {
        List<ModuleLease> all;
        lock (_gate)
        {
            _closed = true;
            all = [.. _leases.Values];
            _leases.Clear();
        }
        foreach (var lease in all) lease.Dispose();
    }
}
