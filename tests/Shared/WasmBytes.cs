namespace Wasmbox.Tests.Support;

/// <summary>Builds module binaries by hand, for tests that need exact bytes. Shared by the test projects.</summary>
internal static class WasmBytes
{
    public static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    public static byte[] Module(params byte[][] sections) => [.. Header, .. sections.SelectMany(s => s)];

    public static byte[] Section(byte id, params byte[] content) => [id, .. U32((uint)content.Length), .. content];

    public static byte[] Vec(params byte[][] items) => [.. U32((uint)items.Length), .. items.SelectMany(i => i)];

    public static byte[] Name(string name)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(name);
        return [.. U32((uint)utf8.Length), .. utf8];
    }

    public static byte[] U32(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            bytes.Add(b);
        }
        while (value != 0);
        return [.. bytes];
    }

    public static byte[] S64(long value)
    {
        var bytes = new List<byte>();
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            bytes.Add(done ? b : (byte)(b | 0x80));
            if (done) return [.. bytes];
        }
    }

    /// <summary>A type section holding <c>[] -> []</c>.</summary>
    public static byte[] EmptyFunctionType => Section(1, Vec([0x60, 0x00, 0x00]));

    /// <summary>A module with one function of type <c>[] -> []</c> whose body is <paramref name="code"/> (final end included).</summary>
    public static byte[] OneFunction(byte[] code, params byte[] locals) =>
        Module(
            EmptyFunctionType,
            Section(3, Vec([0x00])),
            Section(10, Vec(Body(code, locals))));

    /// <summary>A function body without locals; <paramref name="code"/> includes the final end.</summary>
    public static byte[] Body(params byte[] code) => Body(code, []);

    public static byte[] Export(string name, byte kind, uint index) => [.. Name(name), kind, .. U32(index)];

    public static byte[] Import(string module, string name, uint typeIndex) => [.. Name(module), .. Name(name), 0x00, .. U32(typeIndex)];

    public static byte[] Body(byte[] code, byte[] locals)
    {
        byte[] content = [.. (locals.Length == 0 ? [0x00] : locals), .. code];
        return [.. U32((uint)content.Length), .. content];
    }
}
