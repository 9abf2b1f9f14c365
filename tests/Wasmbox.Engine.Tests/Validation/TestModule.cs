using static Wasmbox.Tests.Support.WasmBytes;

namespace Wasmbox.Engine.Tests.Validation;

/// <summary>
/// Assembles module binaries section by section for validation tests, so each test states only
/// the parts it is about. Instruction bytes are written out by hand in the tests.
/// </summary>
internal sealed class TestModule
{
    public const byte I32 = 0x7F;
    public const byte I64 = 0x7E;
    public const byte F32 = 0x7D;
    public const byte F64 = 0x7C;
    public const byte V128 = 0x7B;
    public const byte FuncRef = 0x70;
    public const byte ExternRef = 0x6F;

    private readonly List<byte[]> _types = [];
    private readonly List<byte[]> _imports = [];
    private readonly List<byte[]> _functions = [];
    private readonly List<byte[]> _tables = [];
    private readonly List<byte[]> _memories = [];
    private readonly List<byte[]> _globals = [];
    private readonly List<byte[]> _exports = [];
    private readonly List<byte[]> _elements = [];
    private readonly List<byte[]> _codes = [];
    private readonly List<byte[]> _data = [];
    private uint? _dataCount;
    private uint? _start;

    /// <summary>Adds a function type and returns its index.</summary>
    public uint Type(byte[] parameters, byte[] results)
    {
        _types.Add([0x60, .. Vec(parameters.Select(p => new[] { p }).ToArray()), .. Vec(results.Select(r => new[] { r }).ToArray())]);
        return (uint)_types.Count - 1;
    }

    public TestModule ImportFunction(uint type)
    {
        _imports.Add([.. Name("m"), .. Name("f" + _imports.Count), 0x00, .. U32(type)]);
        return this;
    }

    public TestModule ImportGlobal(byte type, bool mutable)
    {
        _imports.Add([.. Name("m"), .. Name("g" + _imports.Count), 0x03, type, (byte)(mutable ? 1 : 0)]);
        return this;
    }

    /// <summary>Adds a function whose body is <paramref name="code"/> followed by the final end.</summary>
    public TestModule Function(uint type, byte[] code, params byte[][] localRuns) => RawFunction(type, [.. code, 0x0B], localRuns);

    /// <summary>Adds a function whose body is exactly <paramref name="code"/>.</summary>
    public TestModule RawFunction(uint type, byte[] code, params byte[][] localRuns)
    {
        _functions.Add(U32(type));
        byte[] content = [.. Vec(localRuns), .. code];
        _codes.Add([.. U32((uint)content.Length), .. content]);
        return this;
    }

    public TestModule Table(byte elementType, uint min)
    {
        _tables.Add([elementType, 0x00, .. U32(min)]);
        return this;
    }

    public TestModule Memory(uint min, uint? max = null)
    {
        _memories.Add(max is { } m ? [0x01, .. U32(min), .. U32(m)] : [0x00, .. U32(min)]);
        return this;
    }

    /// <summary>Adds a global; <paramref name="init"/> is its initializer without the final end.</summary>
    public TestModule Global(byte type, bool mutable, params byte[] init)
    {
        _globals.Add([type, (byte)(mutable ? 1 : 0), .. init, 0x0B]);
        return this;
    }

    public TestModule ExportFunction(string name, uint function)
    {
        _exports.Add([.. Name(name), 0x00, .. U32(function)]);
        return this;
    }

    /// <summary>An active segment for table 0 at offset 0 listing function indices.</summary>
    public TestModule ActiveElements(params uint[] functions)
    {
        _elements.Add([0x00, 0x41, 0x00, 0x0B, .. Vec(functions.Select(U32).ToArray())]);
        return this;
    }

    /// <summary>A declarative segment of funcref items given as ref.func.</summary>
    public TestModule DeclaredElements(params uint[] functions)
    {
        _elements.Add([0x03, 0x00, .. Vec(functions.Select(U32).ToArray())]);
        return this;
    }

    /// <summary>A raw element segment, flags byte included.</summary>
    public TestModule RawElements(params byte[] segment)
    {
        _elements.Add(segment);
        return this;
    }

    public TestModule PassiveData(params byte[] bytes)
    {
        _data.Add([0x01, .. U32((uint)bytes.Length), .. bytes]);
        return this;
    }

    /// <summary>An active segment for memory 0; <paramref name="offset"/> excludes the final end.</summary>
    public TestModule ActiveData(byte[] offset, params byte[] bytes)
    {
        _data.Add([0x00, .. offset, 0x0B, .. U32((uint)bytes.Length), .. bytes]);
        return this;
    }

    public TestModule DataCount(uint count)
    {
        _dataCount = count;
        return this;
    }

    public TestModule Start(uint function)
    {
        _start = function;
        return this;
    }

    public byte[] Build()
    {
        var sections = new List<byte[]>();
        void Add(byte id, List<byte[]> items)
        {
            if (items.Count > 0) sections.Add(Section(id, Vec([.. items])));
        }

        Add(1, _types);
        Add(2, _imports);
        Add(3, _functions);
        Add(4, _tables);
        Add(5, _memories);
        Add(6, _globals);
        Add(7, _exports);
        if (_start is { } start) sections.Add(Section(8, U32(start)));
        Add(9, _elements);
        if (_dataCount is { } count) sections.Add(Section(12, U32(count)));
        Add(10, _codes);
        Add(11, _data);
        return Module([.. sections]);
    }
}
