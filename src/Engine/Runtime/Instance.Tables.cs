using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime.Native;

namespace Wasmbox.Engine.Runtime;

/// <summary>Tables and element segments: creation, active segments' initialization, what table.init and elem.drop use.</summary>
public sealed unsafe partial class Instance
{
    /// <summary>Every table, imported ones first.</summary>
    private readonly Table[] _tables;
    private readonly NativeBlock _tableDescriptors;

    /// <summary>Element segments' values for table.init; null once dropped (or applied, for active and declarative ones).</summary>
    private readonly ulong[]?[] _elementSegments;

    private Table[] CreateTables() =>
        [.. _imports.Tables, .. Module.Tables.Skip(Module.ImportedTableCount).Select(type => new Table(type))];

    /// <summary>The table of table descriptors JIT code reaches through the context.</summary>
    private NativeBlock PublishTables(byte* context)
    {
        var descriptors = new NativeBlock((nuint)(8 * Math.Max(1, _tables.Length)));
        for (int i = 0; i < _tables.Length; i++) ((nint*)descriptors.Address)[i] = (nint)_tables[i].Descriptor;
        *(nint*)(context + VMContextLayout.Tables) = descriptors.Address;
        return descriptors;
    }

    private ulong[] EvaluateElements(ElementSegment segment) =>
        segment.FunctionIndices is { } indices
            ? indices.Select(FunctionReference).ToArray()
            : segment.Expressions!.Select(e => ConstantEvaluator.Evaluate(Module, e, _globals, FunctionReference)).ToArray();

    /// <summary>
    /// Copies active segments into their tables in order, as table.init would; an out-of-bounds one
    /// traps, leaving the earlier ones applied. Active and declarative segments are dropped after.
    /// </summary>
    private void ApplyActiveElementSegments()
    {
        for (int i = 0; i < Module.Elements.Length; i++)
        {
            var segment = Module.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                uint offset = (uint)ConstantEvaluator.Evaluate(Module, segment.Offset, _globals, FunctionReference);
                var values = _elementSegments[i]!;
                var table = _tables[segment.TableIndex].Elements;
                if ((ulong)offset + (ulong)values.Length > (ulong)table.Length)
                {
                    throw new TrapException(TrapKind.OutOfBoundsTableAccess, []);
                }

                if (segment.TableIndex < Module.ImportedTableCount && values.Length > 0)
                {
                    _tables[segment.TableIndex].Keepalive.Add(this);
                    _sharesState = true;
                }

                values.CopyTo(table.Slice((int)offset));
            }

            if (segment.Mode != SegmentMode.Passive) _elementSegments[i] = null;
        }
    }

    internal Table[] Tables => _tables;

    internal ulong[] ElementSegmentValues(uint segment) => _elementSegments[segment] ?? [];

    internal void DropElementSegment(uint segment) => _elementSegments[segment] = null;

    /// <summary>The exported table <paramref name="name"/>, or null.</summary>
    public Table? GetTable(string name)
    {
        return ExportIndex(name, ExternalKind.Table) is { } index ? _tables[index] : null;
    }
}
