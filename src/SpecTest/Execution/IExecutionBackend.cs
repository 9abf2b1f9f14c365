using Wasmbox.Engine.Validation;
using Wasmbox.SpecTest.Model;

namespace Wasmbox.SpecTest.Execution;

/// <summary>
/// Runs modules for the spec-test runner. A runner without a backend still decodes and validates every
/// module but skips every command that needs execution (instantiation, invocation, linking).
/// The runner may run several scripts at once, so <see cref="StartScript"/> must be thread-safe.
/// </summary>
public interface IExecutionBackend
{
    /// <summary>
    /// A fresh store for one script, with the <c>spectest</c> host module already registered
    /// (print functions, <c>global_i32</c> = 666, <c>global_i64</c> = 666, <c>global_f32</c> = 666.6,
    /// <c>global_f64</c> = 666.6, a table of 10..20 funcref, a memory of 1..2 pages), so that modules
    /// one script registers never leak into another.
    /// </summary>
    IScriptSession StartScript();
}

/// <summary>The store of one script. Used by one thread at a time.</summary>
public interface IScriptSession : IDisposable
{
    /// <summary>
    /// Links a validated module against the registered modules and instantiates it (running its start
    /// function). Link and instantiation failures are outcomes, not exceptions; any exception that
    /// escapes is reported as an engine bug.
    /// </summary>
    InstantiationOutcome Instantiate(ValidatedModule module);

    /// <summary>Makes the instance's exports importable under the module name <paramref name="name"/>.</summary>
    void Register(string name, IModuleInstance instance);

    /// <summary>
    /// The script registered <paramref name="name"/> for a module that was skipped: modules importing
    /// from it cannot be judged either.
    /// </summary>
    void RegisterUnavailable(string name)
    {
    }
}

/// <summary>An instantiated module that the script can act on.</summary>
public interface IModuleInstance
{
    /// <summary>Calls the exported function. Traps and stack exhaustion are outcomes, not exceptions.</summary>
    ActionOutcome Invoke(string export, IReadOnlyList<SpecValue> arguments);

    /// <summary>Reads the exported global; a returned outcome carries its one value.</summary>
    ActionOutcome Get(string export);
}
