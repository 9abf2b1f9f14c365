using Wasmbox.Engine.Binary;
using Wasmbox.Protocol.Contract;

namespace Wasmbox.Daemon.Values;

/// <summary>A module's imports and exports as the protocol lists them, with their types.</summary>
internal static class ExternDescriptions
{
    public static ImportDescriptor[] Imports(WasmModule module) =>
        module.Imports.Select(import => new ImportDescriptor
        {
            Module = import.Module,
            Name = import.Name,
            Kind = Kind(import.Kind),
            Type = import.Kind switch
            {
                ExternalKind.Function => Function(module.Types[import.FunctionTypeIndex]),
                ExternalKind.Global => ExternType.GlobalOf(import.Global.Type.ToWire(), import.Global.Mutable),
                ExternalKind.Table => Table(import.Table!),
                _ => Memory(import.Memory!),
            },
        }).ToArray();

    public static ExportDescriptor[] Exports(WasmModule module) =>
        module.Exports.Select(export => new ExportDescriptor
        {
            Name = export.Name,
            Kind = Kind(export.Kind),
            Type = export.Kind switch
            {
                ExternalKind.Function => Function(module.GetFunctionType(export.Index)),
                ExternalKind.Global => ExternType.GlobalOf(module.GlobalTypes[export.Index].Type.ToWire(), module.GlobalTypes[export.Index].Mutable),
                ExternalKind.Table => Table(module.Tables[export.Index]),
                _ => Memory(module.Memories[export.Index]),
            },
        }).ToArray();

    private static ExternKind Kind(ExternalKind kind) => kind switch
    {
        ExternalKind.Function => ExternKind.Func,
        ExternalKind.Global => ExternKind.Global,
        ExternalKind.Table => ExternKind.Table,
        _ => ExternKind.Memory,
    };

    private static ExternType Function(FuncType type) => ExternType.Function(type.Parameters.ToWire(), type.Results.ToWire());

    private static ExternType Table(TableType type) => ExternType.TableOf(type.ElementType.ToWire(), type.Limits.Min, type.Limits.Max);

    private static ExternType Memory(MemoryType type) => ExternType.MemoryOf(type.Limits.Min, type.Limits.Max);
}
