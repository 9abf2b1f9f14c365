namespace Wasmbox.Engine.Wasi;

/// <summary>
/// Thrown by <c>proc_exit</c>, the one WASI function that does not return: the guest asked to end
/// with <see cref="ExitCode"/>. The engine unwinds the guest's frames on it and reports a clean
/// exit with that code; it is not an error. No other exception ever leaves a WASI function.
/// </summary>
public sealed class WasiExitException(int exitCode)
    : Exception($"the guest exited with code {exitCode}")
{
    /// <summary>The guest's exit status (WASI <c>exitcode</c>, a u32 as the guest passed it).</summary>
    public int ExitCode { get; } = exitCode;
}
