namespace Wasmbox.Protocol.Tests.Support;

/// <summary>Generous limits: a test that waits this long has hung, and says so instead of blocking the run.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);
}
