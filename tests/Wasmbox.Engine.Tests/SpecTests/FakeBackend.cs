using Wasmbox.Engine.Validation;
using Wasmbox.SpecTest.Execution;
using Wasmbox.SpecTest.Model;

namespace Wasmbox.Engine.Tests.SpecTests;

/// <summary>
/// An execution backend whose every instance has the same scripted exports, to test how the runner
/// judges outcomes without a real engine behind it.
/// </summary>
internal sealed class FakeBackend(Dictionary<string, Func<IReadOnlyList<SpecValue>, ActionOutcome>> exports) : IExecutionBackend
{
    public List<string> Registered { get; } = [];

    /// <summary>What the next instantiation returns instead of an instance, or null for an instance.</summary>
    public Func<InstantiationOutcome>? InstantiationFailure { get; set; }

    public IScriptSession StartScript() => new Session(this);

    private sealed class Session(FakeBackend backend) : IScriptSession
    {
        public InstantiationOutcome Instantiate(ValidatedModule module) =>
            backend.InstantiationFailure?.Invoke() ?? InstantiationOutcome.Instantiated(new Instance(backend));

        public void Register(string name, IModuleInstance instance) => backend.Registered.Add(name);

        public void Dispose()
        {
        }
    }

    private sealed class Instance(FakeBackend backend) : IModuleInstance
    {
        public ActionOutcome Invoke(string export, IReadOnlyList<SpecValue> arguments) => backend.Call(export, arguments);

        public ActionOutcome Get(string export) => backend.Call(export, []);
    }

    private ActionOutcome Call(string export, IReadOnlyList<SpecValue> arguments) =>
        exports.TryGetValue(export, out var function)
            ? function(arguments)
            : throw new KeyNotFoundException($"no export {export}");
}
