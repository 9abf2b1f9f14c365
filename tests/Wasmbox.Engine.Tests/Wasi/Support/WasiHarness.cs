using System.Buffers.Binary;
using System.Text;
using Wasmbox.Engine.Wasi;
using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Binding;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Tests.Wasi.Support;

/// <summary>
/// A guest without a guest: a byte-array memory with a bump allocator, a scratch directory tree
/// (<see cref="Outside"/> beside <see cref="Sandbox"/>, which is preopened as "/" on fd 3), and
/// calls through the same <see cref="WasiPreview1"/> table the engine will bind.
/// </summary>
internal sealed partial class WasiHarness : IDisposable
{
    public const uint RootFd = 3;

    private uint _next = 1024;

    public WasiHarness(Func<WasiHarness, WasiConfiguration>? configure = null, int memorySize = 16 << 20)
    {
        Scratch = Directory.CreateTempSubdirectory("wasmbox-wasi-").FullName;
        Sandbox = Directory.CreateDirectory(Path.Combine(Scratch, "sandbox")).FullName;
        Outside = Directory.CreateDirectory(Path.Combine(Scratch, "outside")).FullName;
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), "secret");
        Memory = new ArrayGuestMemory(memorySize);
        var configuration = configure?.Invoke(this) ?? new WasiConfiguration
        {
            Arguments = ["test.wasm"],
            Preopens = [new WasiPreopen(Sandbox, "/")],
            Stdout = Stdout,
            Stderr = Stderr,
        };
        Context = new WasiContext(configuration);
    }

    /// <summary>The temporary folder holding everything (deleted on Dispose).</summary>
    public string Scratch { get; }

    /// <summary>The preopened directory.</summary>
    public string Sandbox { get; }

    /// <summary>A directory beside the sandbox, holding secret.txt, that no guest path may reach.</summary>
    public string Outside { get; }

    public ArrayGuestMemory Memory { get; }

    public WasiContext Context { get; }

    public MemoryStream Stdout { get; } = new();

    public MemoryStream Stderr { get; } = new();

    public string HostPath(string relative) => Path.Combine(Sandbox, relative);

    /// <summary>Calls a WASI function by name through the binding table.</summary>
    public Errno Call(string name, params ulong[] arguments)
    {
        var function = WasiPreview1.Find(WasiPreview1.ModuleName, name) ?? throw new ArgumentException($"no WASI function {name}");
        return (Errno)(ushort)function.Invoke(Context, Memory, arguments);
    }

    /// <summary>Reserves <paramref name="size"/> zeroed bytes of guest memory (8-byte aligned).</summary>
    public uint Alloc(int size)
    {
        var pointer = _next;
        _next = (uint)((_next + size + 7) & ~7);
        if (_next > Memory.Bytes.Length) throw new InvalidOperationException("test guest memory exhausted");
        Memory.Bytes.AsSpan((int)pointer, size).Clear();
        return pointer;
    }

    /// <summary>Copies bytes into fresh guest memory.</summary>
    public (uint Pointer, uint Length) Put(ReadOnlySpan<byte> bytes)
    {
        var pointer = Alloc(bytes.Length);
        bytes.CopyTo(Memory.Bytes.AsSpan((int)pointer));
        return (pointer, (uint)bytes.Length);
    }

    public (uint Pointer, uint Length) Put(string text) => Put(Encoding.UTF8.GetBytes(text));

    public uint U32(uint pointer) => BinaryPrimitives.ReadUInt32LittleEndian(Memory.Bytes.AsSpan((int)pointer));

    public ulong U64(uint pointer) => BinaryPrimitives.ReadUInt64LittleEndian(Memory.Bytes.AsSpan((int)pointer));

    public ushort U16(uint pointer) => BinaryPrimitives.ReadUInt16LittleEndian(Memory.Bytes.AsSpan((int)pointer));

    public byte[] Bytes(uint pointer, int length) => Memory.Bytes.AsSpan((int)pointer, length).ToArray();

    public void Dispose()
    {
        Context.Dispose();
        Directory.Delete(Scratch, recursive: true);
    }
}
