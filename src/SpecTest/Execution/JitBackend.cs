using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Runtime;
using Wasmbox.Engine.Validation;
using Wasmbox.SpecTest.Model;

namespace Wasmbox.SpecTest.Execution;

/// <summary>
/// Runs spec scripts on Wasmbox's JIT. Modules that need what the runtime does not have yet are
/// reported as unsupported, so their commands count as skipped rather than failed.
/// </summary>
public sealed class JitBackend : IExecutionBackend
{
    public IScriptSession StartScript() => new JitSession();

    private sealed class JitSession : IScriptSession
    {
        private readonly List<Instance> _instances = [];

        public InstantiationOutcome Instantiate(ValidatedModule module)
        {
            Instance instance;
            try
            {
                instance = new Instance(module);
            }
            catch (NotSupportedException e)
            {
                return InstantiationOutcome.Unsupported(e.Message);
            }
            catch (TrapException trap)
            {
                return InstantiationOutcome.Trapped(trap.Message);
            }

            _instances.Add(instance);
            return InstantiationOutcome.Instantiated(new JitInstance(instance));
        }

        public void Register(string name, IModuleInstance instance)
        {
            // Nothing imports yet: a module that imports is reported unsupported before linking matters.
        }

        public void Dispose()
        {
            foreach (var instance in _instances) instance.Dispose();
        }
    }

    private sealed class JitInstance(Instance instance) : IModuleInstance
    {
        public ActionOutcome Invoke(string export, IReadOnlyList<SpecValue> arguments)
        {
            var function = instance.Module.Exports.FirstOrDefault(e => e.Name == export && e.Kind == ExternalKind.Function);
            if (function is null) return ActionOutcome.Trapped($"no exported function {export}");
            var type = instance.Module.GetFunctionType(function.Index);
            try
            {
                var results = instance.Invoke(function.Index, arguments.Select(a => (ulong)a.Bits).ToArray());
                return ActionOutcome.Returned(results.Select((bits, i) => new SpecValue(type.Results[i], bits)).ToArray());
            }
            catch (TrapException trap) when (trap.Kind == TrapKind.CallStackExhausted)
            {
                return ActionOutcome.Exhausted(trap.Message);
            }
            catch (TrapException trap)
            {
                return ActionOutcome.Trapped(trap.Message);
            }
        }

        public ActionOutcome Get(string export) => ActionOutcome.Trapped("globals are not supported yet");
    }
}
