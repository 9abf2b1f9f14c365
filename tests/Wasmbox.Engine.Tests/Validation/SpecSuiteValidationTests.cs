using System.Text.Json;
using Wasmbox.Engine.Tests.Support;

namespace Wasmbox.Engine.Tests.Validation;

/// <summary>
/// Every binary module of the spec suite that must decode and validate does, and every
/// assert_invalid and binary assert_malformed fails with the expected words (as a prefix).
/// </summary>
public class SpecSuiteValidationTests
{
    /// <summary>
    /// select.2.wasm is byte-identical to select.1.wasm (wast2json writes `select (result)` as a
    /// plain select), yet the two expect different words; we give select.1's "type mismatch".
    /// </summary>
    private static readonly HashSet<string> Unattainable = ["select/select.2.wasm"];

    [Fact]
    public void ModulesAssertInvalidAndBinaryAssertMalformed()
    {
        string root = SharedData.Require(SharedData.SpecTestDirectory);
        var failures = new List<string>();
        int checkedCount = 0;
        foreach (var dir in Directory.GetDirectories(root).Order())
        {
            string name = Path.GetFileName(dir);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, name + ".json")));
            foreach (var command in json.RootElement.GetProperty("commands").EnumerateArray())
            {
                string type = command.GetProperty("type").GetString()!;
                string? expected = type switch
                {
                    "module" => "",
                    "assert_invalid" => "invalid: " + command.GetProperty("text").GetString(),
                    "assert_malformed" when command.GetProperty("module_type").GetString() == "binary" =>
                        "malformed: " + command.GetProperty("text").GetString(),
                    _ => null,
                };
                if (expected is null) continue;

                string file = command.GetProperty("filename").GetString()!;
                if (Unattainable.Contains($"{name}/{file}")) continue;
                checkedCount++;
                string outcome = Outcome(File.ReadAllBytes(Path.Combine(dir, file)));
                bool ok = expected.Length == 0 ? outcome.Length == 0 : outcome.StartsWith(expected, StringComparison.Ordinal);
                if (!ok) failures.Add($"{name}:{command.GetProperty("line").GetInt32()} {file}: expected '{expected}', got '{outcome}'");
            }
        }

        Assert.True(checkedCount > 4000, $"only {checkedCount} commands checked");
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n" + string.Join("\n", failures.Take(30)));
    }

    private static string Outcome(byte[] bytes)
    {
        try
        {
            Validate.Module(bytes);
            return "";
        }
        catch (InvalidModuleException e)
        {
            return "invalid: " + e.Reason;
        }
        catch (MalformedModuleException e)
        {
            return "malformed: " + e.Reason;
        }
    }
}
