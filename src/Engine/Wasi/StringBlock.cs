using System.Text;

namespace Wasmbox.Engine.Wasi;

/// <summary>
/// argv or environ as the guest receives them: NUL-terminated UTF-8 strings laid out back to
/// back, encoded once when the context is made.
/// </summary>
internal sealed class StringBlock
{
    private StringBlock(byte[][] strings)
    {
        Strings = strings;
        TotalSize = strings.Aggregate(0L, (sum, s) => sum + s.Length);
    }

    /// <summary>Each string with its terminating NUL.</summary>
    public byte[][] Strings { get; }

    public int Count => Strings.Length;

    /// <summary>Bytes of all strings including their NULs: the buffer size the guest must provide.</summary>
    public long TotalSize { get; }

    /// <summary>Encodes <paramref name="strings"/>; one containing NUL cannot be passed as a C string and is refused.</summary>
    public static StringBlock Create(IEnumerable<string> strings, string what)
    {
        var encoded = strings.Select(s =>
        {
            if (s.Contains('\0')) throw new ArgumentException($"{what} cannot contain a NUL character: \"{s.Replace("\0", "\\0")}\"");
            var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
            Encoding.UTF8.GetBytes(s, bytes);
            return bytes;
        }).ToArray();
        if (encoded.Aggregate(0L, (sum, s) => sum + s.Length) > uint.MaxValue)
        {
            throw new ArgumentException($"{what} are larger than a 32-bit guest can hold");
        }

        return new StringBlock(encoded);
    }
}
