using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;

namespace Wasmbox.SpecTest.Execution;

/// <summary>
/// The <c>spectest</c> module the spec scripts import: print functions that do nothing observable
/// (their output is not part of any assertion). Its globals, table and memory come with those
/// runtime features.
/// </summary>
internal static class SpectestHost
{
    private static readonly HashSet<string> OtherExports = ["global_i32", "global_i64", "global_f32", "global_f64", "table", "memory"];

    /// <summary>Stands for a spectest export that is not a function, so importing it as one is a type mismatch.</summary>
    public static object? OtherExport(string name) => OtherExports.Contains(name) ? name : null;

    public static Dictionary<string, HostFunction> Functions()
    {
        HostFunction Print(params ValType[] parameters) => new(new FuncType(parameters, []), static (_, _) => { });
        return new Dictionary<string, HostFunction>(StringComparer.Ordinal)
        {
            ["print"] = Print(),
            ["print_i32"] = Print(ValType.I32),
            ["print_i64"] = Print(ValType.I64),
            ["print_f32"] = Print(ValType.F32),
            ["print_f64"] = Print(ValType.F64),
            ["print_i32_f32"] = Print(ValType.I32, ValType.F32),
            ["print_f64_f64"] = Print(ValType.F64, ValType.F64),
        };
    }
}
