using System.Text;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Wasi.Memory;

/// <summary>Reads the (pointer, length) strings WASI functions take: paths and symlink contents.</summary>
internal static class GuestStrings
{
    /// <summary>Linux's PATH_MAX: no host path operation could take a longer one.</summary>
    public const int MaxPathLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads a path. Faults when it lies outside memory; <c>nametoolong</c> past PATH_MAX;
    /// <c>inval</c> for an embedded NUL (the host would silently cut the path there); <c>ilseq</c>
    /// for invalid UTF-8 (WASI strings are UTF-8, and the host path is built from the decoded text).
    /// </summary>
    public static Errno TryReadPath(IGuestMemory memory, uint pointer, uint length, out string path)
    {
        path = "";
        if (!memory.TryGetSpan(pointer, length, out var bytes)) return Errno.Fault;
        if (length > MaxPathLength) return Errno.Nametoolong;
        if (bytes.Contains((byte)0)) return Errno.Inval;
        try
        {
            path = StrictUtf8.GetString(bytes);
            return Errno.Success;
        }
        catch (DecoderFallbackException)
        {
            return Errno.Ilseq;
        }
    }

    /// <summary>Strict UTF-8 decoding of host bytes (a symlink's contents); null when they are not valid UTF-8.</summary>
    public static string? TryDecode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
