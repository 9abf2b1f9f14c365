using Wasmbox.Daemon.Tests.Support;

namespace Wasmbox.Daemon.Tests.Hostile;

/// <summary>
/// A fresh daemon per test with a well-behaved session beside the hostile one. Whatever the test did,
/// afterwards that bystander's call still succeeds and a new session is served: one client's
/// misbehaviour is answered on its own connection and never reaches anyone else.
/// </summary>
public abstract class HostileClientTest : IAsyncLifetime
{
    private Bystander? _bystander;

    protected RunningDaemon Daemon { get; } = new();

    protected Bystander Other => _bystander!;

    public async Task InitializeAsync()
    {
        await Daemon.InitializeAsync();
        _bystander = await Bystander.StartAsync(Daemon.SocketPath);
    }

    public async Task DisposeAsync()
    {
        await Other.CallSucceedsAsync();
        await Bystander.NewSessionSucceedsAsync(Daemon.SocketPath);
        await Other.DisposeAsync();
        await Daemon.DisposeAsync();
    }
}
