using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>Validates a decoded module by the algorithm of the WebAssembly 2.0 specification.</summary>
public static class ModuleValidator
{
    private const uint MaxMemoryPages = 65536;

    /// <summary>
    /// Validates the module and every function body. Throws <see cref="InvalidModuleException"/> for a
    /// rule broken, or <see cref="MalformedModuleException"/> for an instruction encoding that does not
    /// decode (function bodies are decoded here, not by the decoder).
    /// </summary>
    public static ValidatedModule Validate(WasmModule module)
    {
        try
        {
            return ValidateDecoded(module);
        }
        catch (WasmException)
        {
            // The spec decodes everything before validating anything: a malformed instruction
            // sequence later in the binary takes precedence over whatever failed here.
            MalformedScanner.Scan(module);
            throw;
        }
    }

    /// <summary>
    /// The checks in the order of the reference interpreter, so a module with several faults is
    /// rejected for the same one: imports, function types, globals, tables, memories, element
    /// and data segments, bodies, start, exports, and the memory count last.
    /// </summary>
    private static ValidatedModule ValidateDecoded(WasmModule module)
    {
        if (module.Codes.Length != module.FunctionTypeIndices.Length - module.ImportedFunctionCount)
        {
            WasmReader.Throw("function and code section have inconsistent lengths", 0);
        }

        CheckImports(module);
        var context = new ValidationContext(module, ResolveFunctionTypes(module));
        DeclareExportedFunctions(module, context.DeclaredFunctionReferences);

        var refs = context.DeclaredFunctionReferences;
        foreach (var global in module.Globals)
        {
            ConstantExpressionValidator.Validate(context, global.Init, global.Type.Type, refs);
        }

        for (int i = module.ImportedTableCount; i < module.Tables.Length; i++) CheckLimits(module.Tables[i].Limits, uint.MaxValue, 0);
        for (int i = module.ImportedMemoryCount; i < module.Memories.Length; i++) CheckMemoryType(module.Memories[i], 0);
        foreach (var element in module.Elements) CheckElementSegment(context, element);
        foreach (var data in module.Data) CheckDataSegment(context, data);

        var functions = new ValidatedFunction[module.Codes.Length];
        var validator = new FunctionValidator(context);
        for (int i = 0; i < functions.Length; i++) functions[i] = validator.Validate(i);

        CheckStart(module, context);
        CheckExports(module, context);
        if (module.Memories.Length > 1) ValidationErrors.Throw("multiple memories are not allowed", 0);

        return new ValidatedModule { Module = module, Functions = functions };
    }

    /// <summary>The reference interpreter folds imports from the right, so the last faulty one is reported.</summary>
    private static void CheckImports(WasmModule module)
    {
        for (int i = module.Imports.Length - 1; i >= 0; i--)
        {
            var import = module.Imports[i];
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    if (import.FunctionTypeIndex >= (uint)module.Types.Length) ValidationErrors.Unknown("type", import.FunctionTypeIndex, 0);
                    break;
                case ExternalKind.Table when import.Table is { } table:
                    CheckLimits(table.Limits, uint.MaxValue, 0);
                    break;
                case ExternalKind.Memory when import.Memory is { } memory:
                    CheckMemoryType(memory, 0);
                    break;
            }
        }
    }

    private static FuncType[] ResolveFunctionTypes(WasmModule module)
    {
        var indices = module.FunctionTypeIndices;
        var types = new FuncType[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            if (indices[i] >= (uint)module.Types.Length) ValidationErrors.Unknown("type", indices[i], 0);
            types[i] = module.Types[indices[i]];
        }

        return types;
    }

    /// <summary>Exported functions belong to C.refs even though exports are checked after the bodies.</summary>
    private static void DeclareExportedFunctions(WasmModule module, bool[] refs)
    {
        foreach (var export in module.Exports)
        {
            if (export.Kind == ExternalKind.Function && export.Index < (uint)refs.Length) refs[export.Index] = true;
        }
    }

    private static void CheckMemoryType(MemoryType memory, int offset) => CheckLimits(memory.Limits, MaxMemoryPages, offset);

    private static void CheckLimits(Limits limits, uint range, int offset)
    {
        string tooLarge = range == MaxMemoryPages
            ? "memory size must be at most 65536 pages (4GiB)"
            : "table size must be at most 2^32-1";
        if (limits.Min > range) ValidationErrors.Throw(tooLarge, offset);
        if (limits.Max is { } max)
        {
            if (max > range) ValidationErrors.Throw(tooLarge, offset);
            if (limits.Min > max) ValidationErrors.Throw("size minimum must not be greater than maximum", offset);
        }
    }

    private static void CheckElementSegment(ValidationContext context, ElementSegment element)
    {
        var refs = context.DeclaredFunctionReferences;
        if (element.FunctionIndices is { } indices)
        {
            foreach (uint function in indices)
            {
                if (function >= (uint)refs.Length) ValidationErrors.Unknown("function", function, 0);
                refs[function] = true;
            }
        }
        else if (element.Expressions is { } items)
        {
            foreach (var item in items) ConstantExpressionValidator.Validate(context, item, element.ElementType, refs);
        }

        if (element.Mode != SegmentMode.Active) return;
        var tables = context.TableElementTypes;
        if (element.TableIndex >= (uint)tables.Length) ValidationErrors.Unknown("table", element.TableIndex, element.Offset.Start);
        var tableType = tables[element.TableIndex];
        if (tableType != element.ElementType)
        {
            ValidationErrors.TypeMismatch(
                $"element segment of {element.ElementType.ToWat()} for a table of {tableType.ToWat()}", element.Offset.Start);
        }

        ConstantExpressionValidator.Validate(context, element.Offset, ValType.I32, refs);
    }

    private static void CheckDataSegment(ValidationContext context, DataSegment data)
    {
        if (data.Mode != SegmentMode.Active) return;
        if (data.MemoryIndex >= (uint)context.MemoryCount) ValidationErrors.Unknown("memory", data.MemoryIndex, data.Offset.Start);
        ConstantExpressionValidator.Validate(context, data.Offset, ValType.I32, context.DeclaredFunctionReferences);
    }

    private static void CheckStart(WasmModule module, ValidationContext context)
    {
        if (module.StartFunction is not { } start) return;
        if (start >= (uint)context.FunctionTypes.Length) ValidationErrors.Unknown("function", start, 0);
        var type = context.FunctionTypes[start];
        if (type.Parameters.Length != 0 || type.Results.Length != 0)
        {
            ValidationErrors.Throw($"start function must have type [] -> [], not {type}", 0);
        }
    }

    private static void CheckExports(WasmModule module, ValidationContext context)
    {
        var names = new HashSet<string>(module.Exports.Length, StringComparer.Ordinal);
        foreach (var export in module.Exports)
        {
            uint index = export.Index;
            switch (export.Kind)
            {
                case ExternalKind.Function when index >= (uint)context.FunctionTypes.Length:
                    ValidationErrors.Unknown("function", index, 0);
                    break;
                case ExternalKind.Table when index >= (uint)module.Tables.Length:
                    ValidationErrors.Unknown("table", index, 0);
                    break;
                case ExternalKind.Memory when index >= (uint)module.Memories.Length:
                    ValidationErrors.Unknown("memory", index, 0);
                    break;
                case ExternalKind.Global when index >= (uint)module.GlobalTypes.Length:
                    ValidationErrors.Unknown("global", index, 0);
                    break;
            }

            if (!names.Add(export.Name)) ValidationErrors.Throw($"duplicate export name \"{export.Name}\"", 0);
        }
    }
}
