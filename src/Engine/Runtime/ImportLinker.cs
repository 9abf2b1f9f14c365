using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Runtime;

/// <summary>What a module's imports resolved to, in import order per kind.</summary>
internal sealed class ResolvedImports
{
    public List<WasmFunction> Functions { get; } = [];
    public List<Global> Globals { get; } = [];
    public List<Table> Tables { get; } = [];
    public List<Native.LinearMemory> Memories { get; } = [];
}

/// <summary>
/// Resolves a module's imports through an <see cref="IImportResolver"/> and checks each against the
/// import's declared type, with the spec's words for failures ("unknown import",
/// "incompatible import type").
/// </summary>
internal static class ImportLinker
{
    public static ResolvedImports Link(WasmModule module, IImportResolver? resolver)
    {
        var resolved = new ResolvedImports();
        foreach (var import in module.Imports)
        {
            var value = resolver?.Resolve(import) ?? throw new LinkException($"unknown import {import.Module}.{import.Name}");
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    var expected = module.Types[import.FunctionTypeIndex];
                    if (value is not WasmFunction function) throw Incompatible(import, "a function");
                    if (!function.Type.Equals(expected)) throw Incompatible(import, $"a function of type {expected}, not {function.Type}");
                    resolved.Functions.Add(function);
                    break;
                case ExternalKind.Global:
                    if (value is not Global global) throw Incompatible(import, "a global");
                    if (global.Type != import.Global) throw Incompatible(import, $"a global {import.Global}, not {global.Type}");
                    resolved.Globals.Add(global);
                    break;
                case ExternalKind.Table:
                    var wanted = import.Table!;
                    if (value is not Table table) throw Incompatible(import, "a table");
                    if (table.Type.ElementType != wanted.ElementType || !Fits(table.Count, table.Type.Limits.Max, wanted.Limits))
                    {
                        throw Incompatible(import, $"a table of {wanted.ElementType.ToWat()} {wanted.Limits}, not {table.Type.ElementType.ToWat()} {table.Count}..{table.Type.Limits.Max}");
                    }

                    resolved.Tables.Add(table);
                    break;
                default:
                    var limits = import.Memory!.Limits;
                    if (value is not Native.LinearMemory memory) throw Incompatible(import, "a memory");
                    if (!Fits(memory.Pages, memory.DeclaredMaximumPages, limits))
                    {
                        throw Incompatible(import, $"a memory of {limits} pages, not {memory.Pages}..{memory.DeclaredMaximumPages}");
                    }

                    resolved.Memories.Add(memory);
                    break;
            }
        }

        return resolved;
    }

    /// <summary>Limits subtyping: the actual size is at least the wanted minimum, and any wanted maximum is respected.</summary>
    private static bool Fits(uint current, uint? maximum, Limits wanted) =>
        current >= wanted.Min && (wanted.Max is not { } wantedMax || (maximum is { } max && max <= wantedMax));

    private static LinkException Incompatible(Import import, string what) =>
        new($"incompatible import type: {import.Module}.{import.Name} must be {what}");
}
