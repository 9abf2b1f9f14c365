using Wasmbox.Daemon.Sessions;
using Wasmbox.Daemon.Wasi;

namespace Wasmbox.Daemon.Methods;

/// <summary>Every method the daemon serves, registered on a new session before it starts reading.</summary>
internal static class MethodTable
{
    public static void RegisterAll(Session session)
    {
        EngineMethods.Register(session);
        ModuleMethods.Register(session);
        InstanceMethods.Register(session);
        InvokeMethod.Register(session);
        StateMethods.Register(session);
        WasiMethods.Register(session);
    }
}
