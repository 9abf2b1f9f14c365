using System.Text;

namespace Wasmbox.Cli;

internal static class StandardOutput
{
    /// <summary>
    /// A buffered writer on stdout. Console.Out flushes on every write, which dominates when a run
    /// prints thousands of lines. Dispose (or flush) it before exiting.
    /// </summary>
    public static StreamWriter Open() => new(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
}
