using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;

namespace Wasmbox.SpecTest.Execution;

/// <summary>
/// The <c>spectest</c> module the spec scripts import: print functions that do nothing observable
/// (their output is not part of any assertion), and its four globals. The session adds its table
/// (10..20 funcref) and memory (1..2 pages).
/// </summary>
internal static class SpectestHost
{

    /// <summary>The spectest table: 10 funcref elements, at most 20.</summary>
    public static Table Table() => new(new TableType(ValType.FuncRef, new Limits(10, 20)));

    public static Dictionary<string, Global> Globals() => new(StringComparer.Ordinal)
    {
        ["global_i32"] = new Global(new GlobalType(ValType.I32, false), 666),
        ["global_i64"] = new Global(new GlobalType(ValType.I64, false), 666),
        ["global_f32"] = new Global(new GlobalType(ValType.F32, false), BitConverter.SingleToUInt32Bits(666.6f)),
        ["global_f64"] = new Global(new GlobalType(ValType.F64, false), BitConverter.DoubleToUInt64Bits(666.6)),
    };

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
