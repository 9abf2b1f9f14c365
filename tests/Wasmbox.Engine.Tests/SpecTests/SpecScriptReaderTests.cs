using System.Text;
using System.Text.Json;
using Wasmbox.Engine.Binary;
using Wasmbox.SpecTest.Model;
using Wasmbox.SpecTest.Parsing;

namespace Wasmbox.Engine.Tests.SpecTests;

public class SpecScriptReaderTests
{
    private static SpecScript Parse(params string[] commands) => SpecScriptReader.Parse("/scripts/t.json",
        Encoding.UTF8.GetBytes($"{{\"source_filename\": \"t.wast\", \"commands\": [{string.Join(",", commands)}]}}"));

    private static T Single<T>(string command) where T : SpecCommand => Assert.IsType<T>(Assert.Single(Parse(command).Commands));

    private static IReadOnlyList<SpecValue> Arguments(params string[] values) =>
        ((InvokeAction)Single<ActionCommand>(
            $"{{\"type\": \"action\", \"line\": 1, \"action\": {{\"type\": \"invoke\", \"field\": \"f\", \"args\": [{string.Join(",", values)}]}}}}").Action).Arguments;

    private static IReadOnlyList<ExpectedValue> Expected(params string[] values) => Single<AssertReturnCommand>(
        $"{{\"type\": \"assert_return\", \"line\": 1, \"action\": {{\"type\": \"invoke\", \"field\": \"f\", \"args\": []}}, \"expected\": [{string.Join(",", values)}]}}").Expected;

    [Fact]
    public void ModuleCommandsKeepNameAndResolveFilesBesideTheScript()
    {
        var script = Parse("""{"type": "module", "line": 3, "name": "$M", "filename": "t.0.wasm"}""");
        var module = Assert.IsType<ModuleCommand>(Assert.Single(script.Commands));
        Assert.Equal(3, module.Line);
        Assert.Equal("$M", module.Name);
        Assert.False(module.File.IsText);
        Assert.Equal(Path.GetFullPath("/scripts/t.0.wasm"), script.ResolveModulePath(module.File));
    }

    [Theory]
    [InlineData("""{"type": "assert_malformed", "line": 5, "filename": "t.1.wat", "text": "unknown operator", "module_type": "text"}""", true)]
    [InlineData("""{"type": "assert_malformed", "line": 5, "filename": "t.1.wat", "text": "unknown operator"}""", true)]
    [InlineData("""{"type": "assert_malformed", "line": 5, "filename": "t.1.wasm", "text": "unknown operator", "module_type": "binary"}""", false)]
    public void TextModulesAreRecognisedByTypeOrExtension(string command, bool isText)
    {
        var assertion = Single<AssertModuleCommand>(command);
        Assert.Equal(CommandKind.AssertMalformed, assertion.Kind);
        Assert.Equal("unknown operator", assertion.Text);
        Assert.Equal(isText, assertion.File.IsText);
    }

    [Fact]
    public void IntegersAreBitPatternsAndMayBeWrittenSigned()
    {
        var values = Arguments("""{"type": "i32", "value": "4294967295"}""", """{"type": "i32", "value": "-1"}""",
            """{"type": "i64", "value": "9223372036854775808"}""");
        Assert.Equal([SpecValue.I32(uint.MaxValue), SpecValue.I32(uint.MaxValue), SpecValue.I64(1UL << 63)], values);
    }

    [Fact]
    public void FloatsAreRawBits()
    {
        var values = Arguments("""{"type": "f32", "value": "2143289344"}""", """{"type": "f64", "value": "9221120237041090560"}""");
        Assert.Equal([SpecValue.F32Bits(0x7FC0_0000), SpecValue.F64Bits(0x7FF8_0000_0000_0000)], values);
    }

    [Fact]
    public void V128LanesAreLittleEndianLaneZeroFirst()
    {
        var value = Assert.Single(Arguments("""{"type": "v128", "lane_type": "i32", "value": ["1", "2", "3", "4294967295"]}"""));
        Assert.Equal(ValType.V128, value.Type);
        Assert.Equal(new UInt128(0xFFFF_FFFF_0000_0003, 0x0000_0002_0000_0001), value.Bits);
    }

    [Fact]
    public void ReferencesAreNullOrHostNumbers()
    {
        var values = Arguments("""{"type": "externref", "value": "null"}""", """{"type": "externref", "value": "7"}""",
            """{"type": "funcref", "value": "null"}""");
        Assert.Equal([SpecValue.NullRef(ValType.ExternRef), SpecValue.ExternRef(7), SpecValue.NullRef(ValType.FuncRef)], values);
    }

    [Fact]
    public void ExpectedValuesCoverNansLanesAndBareTypes()
    {
        var expected = Expected(
            """{"type": "f32", "value": "nan:canonical"}""",
            """{"type": "f64", "value": "nan:arithmetic"}""",
            """{"type": "v128", "lane_type": "f64", "value": ["nan:canonical", "0"]}""",
            """{"type": "i32"}""",
            """{"type": "i32", "value": "2"}""");

        Assert.Equal(NanKind.Canonical, Assert.IsType<NanValue>(expected[0]).Kind);
        Assert.Equal(NanKind.Arithmetic, Assert.IsType<NanValue>(expected[1]).Kind);
        var lanes = Assert.IsType<V128Value>(expected[2]);
        Assert.Equal([new LanePattern(0, NanKind.Canonical), new LanePattern(0)], lanes.Lanes);
        Assert.IsType<AnyValueOfType>(expected[3]);
        Assert.Equal(SpecValue.I32(2), Assert.IsType<ExactValue>(expected[4]).Value);
    }

    [Fact]
    public void NanPatternsFollowTheSpec()
    {
        var canonical = new NanValue(ValType.F32, NanKind.Canonical);
        var arithmetic = new NanValue(ValType.F32, NanKind.Arithmetic);
        Assert.True(canonical.Matches(SpecValue.F32Bits(0xFFC0_0000)));   // sign is free
        Assert.False(canonical.Matches(SpecValue.F32Bits(0x7FC0_0001)));  // payload is not
        Assert.True(arithmetic.Matches(SpecValue.F32Bits(0x7FC0_0001)));
        Assert.False(arithmetic.Matches(SpecValue.F32Bits(0x7FA0_0000))); // a signalling NaN is not arithmetic
        Assert.False(canonical.Matches(SpecValue.F64Bits(0x7FF8_0000_0000_0000))); // wrong type
    }

    [Fact]
    public void ActionsNameTheirModule()
    {
        var assertion = Single<AssertReturnCommand>(
            """{"type": "assert_return", "line": 9, "action": {"type": "get", "module": "$G", "field": "g"}, "expected": [{"type": "i32", "value": "42"}]}""");
        var get = Assert.IsType<GetAction>(assertion.Action);
        Assert.Equal(("$G", "g"), (get.ModuleName, get.Field));
    }

    [Theory]
    [InlineData("""{"type": "assert_bogus", "line": 4}""", CommandKind.Script, "unknown command type \"assert_bogus\"")]
    [InlineData("""{"type": "module", "line": 4}""", CommandKind.Module, "missing field \"filename\"")]
    [InlineData("""{"type": "action", "line": 4, "action": {"type": "invoke", "field": "f", "args": [{"type": "i32", "value": "4294967296"}]}}""", CommandKind.Action, "not a 32-bit value")]
    [InlineData("""{"type": "action", "line": 4, "action": {"type": "invoke", "field": "f", "args": [{"type": "i31", "value": "1"}]}}""", CommandKind.Action, "unknown value type \"i31\"")]
    [InlineData("""{"type": "module", "line": 4, "filename": "../../etc/passwd"}""", CommandKind.Module, "not a plain relative name")]
    public void BadCommandsBecomeUnreadableCommandsNotExceptions(string command, CommandKind kind, string error)
    {
        var script = Parse(command, """{"type": "register", "line": 5, "as": "m"}""");
        var unreadable = Assert.IsType<UnreadableCommand>(script.Commands[0]);
        Assert.Equal((kind, 4), (unreadable.Kind, unreadable.Line));
        Assert.Contains(error, unreadable.Error);
        Assert.IsType<RegisterCommand>(script.Commands[1]); // the rest of the script still reads
    }

    [Fact]
    public void NotJsonAndNoCommandsAreErrors()
    {
        Assert.ThrowsAny<JsonException>(() => SpecScriptReader.Parse("x.json", "{\"commands\": ["u8.ToArray()));
        Assert.Throws<SpecFormatException>(() => SpecScriptReader.Parse("x.json", "{\"source_filename\": \"x\"}"u8.ToArray()));
        Assert.Throws<SpecFormatException>(() => SpecScriptReader.Parse("x.json", "[1, 2]"u8.ToArray()));
    }
}
