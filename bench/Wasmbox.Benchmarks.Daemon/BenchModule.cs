namespace Wasmbox.Benchmarks.Daemon;

/// <summary>
/// The module every measurement calls: <c>add(i32, i32) -> i32</c>, and <c>call_host(x) = host.inc(x)</c>
/// whose one import the benchmark serves itself (each call is one <c>host/call</c> round trip).
/// </summary>
internal static class BenchModule
{
    public const string HostModule = "host";
    public const string HostFunction = "inc";

    private const byte I32 = 0x7F;

    public static byte[] Bytes { get; } = Build();

    private static byte[] Build() =>
    [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        .. Section(1, [0x02, 0x60, 0x02, I32, I32, 0x01, I32, 0x60, 0x01, I32, 0x01, I32]),
        .. Section(2, [0x01, .. Name(HostModule), .. Name(HostFunction), 0x00, 0x01]),
        .. Section(3, [0x02, 0x00, 0x01]),
        .. Section(7, [0x02, .. Name("add"), 0x00, 0x01, .. Name("call_host"), 0x00, 0x02]),
        .. Section(10, [0x02,
            0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B, // local.get 0, local.get 1, i32.add
            0x06, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0B]),     // local.get 0, call host.inc
    ];

    // Every section here is shorter than 128 bytes, so its size is one LEB128 byte.
    private static byte[] Section(byte id, byte[] content) => [id, checked((byte)content.Length), .. content];

    private static byte[] Name(string name) => [checked((byte)name.Length), .. System.Text.Encoding.UTF8.GetBytes(name)];
}
