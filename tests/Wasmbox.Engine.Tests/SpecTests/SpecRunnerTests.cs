using Wasmbox.SpecTest;
using Wasmbox.SpecTest.Execution;
using Wasmbox.SpecTest.Model;
using Wasmbox.SpecTest.Results;

namespace Wasmbox.Engine.Tests.SpecTests;

public class SpecRunnerTests
{
    private const string Module = """{"type": "module", "line": 1, "filename": "m.wasm"}""";

    private static string Invoke(string kind, int line, string field, string extra) =>
        $"{{\"type\": \"{kind}\", \"line\": {line}, \"action\": {{\"type\": \"invoke\", \"field\": \"{field}\", \"args\": []}}, {extra}}}";

    private static ActionOutcome Returns(params SpecValue[] values) => ActionOutcome.Returned(values);

    private static SpecResults Run(ScriptFolder folder, IExecutionBackend? backend = null) =>
        new SpecRunner(backend).RunFile(folder.ScriptPath);

    private static string FailureMessages(SpecResults results) => string.Join('\n', results.Failures);

    [Fact]
    public void WithoutABackendModulesAreValidatedAndExecutionIsSkipped()
    {
        using var folder = new ScriptFolder().WithModule("m.wasm", ScriptFolder.EmptyModule).WithCommands(
            Module,
            Invoke("assert_return", 2, "f", "\"expected\": []"),
            Invoke("assert_trap", 3, "f", "\"text\": \"unreachable\""),
            """{"type": "register", "line": 4, "as": "m"}""");

        var results = Run(folder);

        Assert.Equal(new CommandCounts(1, 0, 0), results[CommandKind.Module]);
        Assert.Equal(new CommandCounts(0, 0, 1), results[CommandKind.AssertReturn]);
        Assert.Equal(new CommandCounts(0, 0, 1), results[CommandKind.AssertTrap]);
        Assert.Equal(new CommandCounts(0, 0, 1), results[CommandKind.Register]);
    }

    [Fact]
    public void AssertMalformedNeedsAMalformedModuleWithTheMessagePrefix()
    {
        using var folder = new ScriptFolder().WithModule("bad.wasm", ScriptFolder.BadMagic).WithModule("m.wasm", ScriptFolder.EmptyModule)
            .WithCommands(
                """{"type": "assert_malformed", "line": 1, "filename": "bad.wasm", "text": "magic header", "module_type": "binary"}""",
                """{"type": "assert_malformed", "line": 2, "filename": "bad.wasm", "text": "unexpected end", "module_type": "binary"}""",
                """{"type": "assert_malformed", "line": 3, "filename": "m.wasm", "text": "magic header", "module_type": "binary"}""",
                """{"type": "assert_malformed", "line": 4, "filename": "x.wat", "text": "unknown operator", "module_type": "text"}""");

        var results = Run(folder);

        Assert.Equal(new CommandCounts(1, 2, 1), results[CommandKind.AssertMalformed]);
        Assert.Equal([2, 3], results.Failures.Select(f => f.Line));
        Assert.Contains("expected malformed \"unexpected end\", but the module is malformed: magic header not detected", results.Failures[0].Message);
        Assert.Contains("but the module is valid", results.Failures[1].Message);
    }

    [Fact]
    public void AssertInvalidShowsBothMessagesWhenTheModuleIsMalformedInstead()
    {
        using var folder = new ScriptFolder().WithModule("bad.wasm", ScriptFolder.BadMagic).WithCommands(
            """{"type": "assert_invalid", "line": 7, "filename": "bad.wasm", "text": "type mismatch", "module_type": "binary"}""");

        var failure = Assert.Single(Run(folder).Failures);

        Assert.Equal((7, CommandKind.AssertInvalid), (failure.Line, failure.Kind));
        Assert.Contains("expected invalid \"type mismatch\", but the module is malformed: magic header not detected", failure.Message);
    }

    [Fact]
    public void CommandsOnAFailedModuleFailWithABackendAndAreSkippedWithout()
    {
        using var folder = new ScriptFolder().WithModule("m.wasm", ScriptFolder.BadMagic).WithCommands(
            Module, Invoke("assert_return", 2, "f", "\"expected\": []"));

        var withoutBackend = Run(folder);
        var withBackend = Run(folder, new FakeBackend([]));

        Assert.Equal(new CommandCounts(0, 0, 1), withoutBackend[CommandKind.AssertReturn]);
        Assert.Equal(new CommandCounts(0, 1, 0), withBackend[CommandKind.AssertReturn]);
        Assert.Contains("needs the module of line 1, which failed", withBackend.Failures[1].Message);
    }

    [Fact]
    public void AssertReturnComparesBitsAndNanPatterns()
    {
        var backend = new FakeBackend(new()
        {
            ["two"] = _ => Returns(SpecValue.I32(2)),
            ["nan"] = _ => Returns(SpecValue.F32Bits(0x7FC0_0000)),
            ["lanes"] = _ => Returns(SpecValue.V128(new UInt128(0x7FF8_0000_0000_0000, 1))),
            ["trap"] = _ => ActionOutcome.Trapped("integer divide by zero"),
        });
        using var folder = new ScriptFolder().WithModule("m.wasm", ScriptFolder.EmptyModule).WithCommands(
            Module,
            Invoke("assert_return", 2, "two", """ "expected": [{"type": "i32", "value": "2"}]"""),
            Invoke("assert_return", 3, "two", """ "expected": [{"type": "i32", "value": "3"}]"""),
            Invoke("assert_return", 4, "nan", """ "expected": [{"type": "f32", "value": "nan:canonical"}]"""),
            Invoke("assert_return", 5, "lanes", """ "expected": [{"type": "v128", "lane_type": "f64", "value": ["1", "nan:arithmetic"]}]"""),
            Invoke("assert_return", 6, "trap", """ "expected": []"""),
            Invoke("assert_return", 7, "two", """ "expected": []"""));

        var results = Run(folder, backend);

        Assert.Equal(new CommandCounts(3, 3, 0), results[CommandKind.AssertReturn]);
        Assert.Equal([3, 6, 7], results.Failures.Select(f => f.Line));
        Assert.Contains("expected (i32:3), got (i32:2)", results.Failures[0].Message);
        Assert.Contains("trapped: integer divide by zero", results.Failures[1].Message);
    }

    [Fact]
    public void AssertTrapAndExhaustionMatchKindAndMessagePrefix()
    {
        var backend = new FakeBackend(new()
        {
            ["div"] = _ => ActionOutcome.Trapped("integer divide by zero"),
            ["deep"] = _ => ActionOutcome.Exhausted("call stack exhausted"),
        });
        using var folder = new ScriptFolder().WithModule("m.wasm", ScriptFolder.EmptyModule).WithCommands(
            Module,
            Invoke("assert_trap", 2, "div", "\"text\": \"integer divide\""),
            Invoke("assert_trap", 3, "div", "\"text\": \"integer overflow\""),
            Invoke("assert_exhaustion", 4, "deep", "\"text\": \"call stack exhausted\""),
            Invoke("assert_trap", 5, "deep", "\"text\": \"call stack exhausted\""));

        var results = Run(folder, backend);

        Assert.Equal(new CommandCounts(1, 2, 0), results[CommandKind.AssertTrap]);
        Assert.Equal(new CommandCounts(1, 0, 0), results[CommandKind.AssertExhaustion]);
    }

    [Fact]
    public void RegisterAndNamedModulesUseTheBackend()
    {
        var backend = new FakeBackend(new() { ["g"] = _ => Returns(SpecValue.I32(42)) });
        using var folder = new ScriptFolder().WithModule("m.wasm", ScriptFolder.EmptyModule).WithCommands(
            """{"type": "module", "line": 1, "name": "$G", "filename": "m.wasm"}""",
            """{"type": "register", "line": 2, "name": "$G", "as": "globals"}""",
            """{"type": "assert_return", "line": 3, "action": {"type": "get", "module": "$G", "field": "g"}, "expected": [{"type": "i32", "value": "42"}]}""",
            """{"type": "register", "line": 4, "name": "$Nope", "as": "x"}""");

        var results = Run(folder, backend);

        Assert.Equal(["globals"], backend.Registered);
        Assert.Equal(new CommandCounts(1, 0, 0), results[CommandKind.AssertReturn]);
        Assert.Contains("no module named $Nope", Assert.Single(results.Failures).Message);
    }

    [Fact]
    public void UnlinkableModulesMustBeValidThenFailToLink()
    {
        var backend = new FakeBackend([]) { InstantiationFailure = () => InstantiationOutcome.Unlinkable("unknown import: \"m\" \"f\"") };
        using var folder = new ScriptFolder().WithModule("m.wasm", ScriptFolder.EmptyModule).WithModule("bad.wasm", ScriptFolder.BadMagic).WithCommands(
            """{"type": "assert_unlinkable", "line": 1, "filename": "m.wasm", "text": "unknown import", "module_type": "binary"}""",
            """{"type": "assert_uninstantiable", "line": 2, "filename": "m.wasm", "text": "unreachable", "module_type": "binary"}""",
            """{"type": "assert_unlinkable", "line": 3, "filename": "bad.wasm", "text": "unknown import", "module_type": "binary"}""");

        var results = Run(folder, backend);
        var withoutBackend = Run(folder);

        Assert.Equal(new CommandCounts(1, 1, 0), results[CommandKind.AssertUnlinkable]);
        Assert.Equal(new CommandCounts(0, 1, 0), results[CommandKind.AssertUninstantiable]);
        Assert.Equal(new CommandCounts(0, 1, 1), withoutBackend[CommandKind.AssertUnlinkable]);
        Assert.Equal(new CommandCounts(0, 0, 1), withoutBackend[CommandKind.AssertUninstantiable]);
    }

    [Fact]
    public void BackendExceptionsAreFailuresNamingTheException()
    {
        var backend = new FakeBackend(new() { ["boom"] = _ => throw new IndexOutOfRangeException("index was outside") });
        using var folder = new ScriptFolder().WithModule("m.wasm", ScriptFolder.EmptyModule).WithCommands(
            Module, Invoke("action", 2, "boom", "\"expected\": []"), Invoke("action", 3, "missing", "\"expected\": []"));

        var results = Run(folder, backend);

        Assert.Equal(new CommandCounts(0, 2, 0), results[CommandKind.Action]);
        Assert.Contains("unexpected IndexOutOfRangeException: index was outside", results.Failures[0].Message);
        Assert.Contains("unexpected KeyNotFoundException", results.Failures[1].Message);
    }

    [Fact]
    public void MissingModuleFilesAreFailures()
    {
        using var folder = new ScriptFolder().WithCommands(Module);

        var failure = Assert.Single(Run(folder).Failures);

        Assert.Equal(CommandKind.Module, failure.Kind);
        Assert.Contains("cannot read m.wasm", failure.Message);
    }

    [Theory]
    [InlineData("{\"commands\": [", "not valid JSON")]
    [InlineData("{\"source\": 1}", "not a wast2json script: missing field \"commands\"")]
    public void BrokenScriptsAreOneScriptFailure(string text, string message)
    {
        using var folder = new ScriptFolder().WithScriptText(text);

        var results = Run(folder);

        var failure = Assert.Single(results.Failures);
        Assert.Equal((CommandKind.Script, 0, folder.ScriptPath), (failure.Kind, failure.Line, failure.File));
        Assert.Contains(message, failure.Message);
    }

    [Fact]
    public void MissingPathsAreFailuresAndFoldersAreSearchedInOrder()
    {
        using var folder = new ScriptFolder().WithModule("m.wasm", ScriptFolder.EmptyModule).WithCommands(Module);
        Directory.CreateDirectory(Path.Combine(folder.Path, "sub"));
        File.Copy(folder.ScriptPath, Path.Combine(folder.Path, "sub", "a.json"));
        File.Copy(Path.Combine(folder.Path, "m.wasm"), Path.Combine(folder.Path, "sub", "m.wasm"));
        var missing = Path.Combine(folder.Path, "nope.json");

        var results = new SpecRunner { MaxParallelism = 4 }.Run([folder.Path, missing]);

        Assert.Equal(2, results[CommandKind.Module].Passed);
        var failure = Assert.Single(results.Failures);
        Assert.Equal((missing, "no such file or folder"), (failure.File, failure.Message));
        Assert.Equal([Path.Combine(folder.Path, "sub", "a.json"), folder.ScriptPath],
            SpecFileFinder.Expand([folder.Path]));
    }

    [Fact]
    public void AFolderWithoutScriptsIsAFailure()
    {
        using var folder = new ScriptFolder();

        var failure = Assert.Single(new SpecRunner().Run([folder.Path]).Failures);

        Assert.Equal((folder.Path, CommandKind.Script), (failure.File, failure.Kind));
        Assert.Contains("nothing to run: a folder without any .json script", failure.Message);
    }
}
