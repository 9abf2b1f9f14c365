namespace Wasmbox.Cli;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran, and something it checked failed (an invalid module, a failed spec test, an unreadable file).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;
}
