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

    private sealed class JitSession : IScriptSession, IImportResolver
    {
        private readonly List<Instance> _instances = [];
        private readonly Dictionary<string, Instance> _registered = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HostFunction> _spectest = SpectestHost.Functions();
        private readonly Dictionary<string, Global> _spectestGlobals = SpectestHost.Globals();
        private readonly Table _spectestTable = SpectestHost.Table();
        private readonly Wasmbox.Engine.Runtime.Native.LinearMemory _spectestMemory = Wasmbox.Engine.Runtime.Native.LinearMemory.Create(1, 2);

        private readonly HashSet<string> _unavailable = new(StringComparer.Ordinal);

        public object? Resolve(Import import)
        {
            if (import.Module == "spectest")
            {
                if (import.Name == "table") return _spectestTable;
                if (import.Name == "memory") return _spectestMemory;
                return (object?)_spectest.GetValueOrDefault(import.Name) ?? (object?)_spectestGlobals.GetValueOrDefault(import.Name);
            }

            if (_unavailable.Contains(import.Module)) throw new NotSupportedException($"module {import.Module} was skipped");
            if (!_registered.TryGetValue(import.Module, out var instance)) return null;
            return import.Kind switch
            {
                _ => (object?)instance.GetFunction(import.Name) ?? (object?)instance.GetGlobal(import.Name)
                    ?? (object?)instance.GetTable(import.Name) ?? instance.GetMemory(import.Name),
            };
        }

        public InstantiationOutcome Instantiate(ValidatedModule module)
        {
            Instance instance;
            try
            {
                instance = new Instance(module, this);
            }
            catch (NotSupportedException e)
            {
                return InstantiationOutcome.Unsupported(e.Message);
            }
            catch (LinkException e)
            {
                return InstantiationOutcome.Unlinkable(e.Message);
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
            _registered[name] = ((JitInstance)instance).Instance;
            _unavailable.Remove(name);
        }

        public void RegisterUnavailable(string name)
        {
            _registered.Remove(name);
            _unavailable.Add(name);
        }

        public void Dispose()
        {
            foreach (var instance in _instances) instance.Dispose();
            foreach (var function in _spectest.Values) function.Dispose();
            _spectestMemory.Dispose();
        }
    }

    private sealed class JitInstance(Instance instance) : IModuleInstance
    {
        public Instance Instance => instance;

        public ActionOutcome Invoke(string export, IReadOnlyList<SpecValue> arguments)
        {
            var function = instance.GetFunction(export);
            if (function is null) return ActionOutcome.Trapped($"no exported function {export}");
            var type = function.Type;
            try
            {
                var results = function.Invoke(arguments.Select(ToBits).ToArray());
                return ActionOutcome.Returned(results.Select((bits, i) => FromBits(type.Results[i], bits)).ToArray());
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

        public ActionOutcome Get(string export)
        {
            var global = instance.GetGlobal(export);
            if (global is null) return ActionOutcome.Trapped($"no exported global {export}");
            return ActionOutcome.Returned([FromBits(global.Type.Type, global.Bits)]);
        }

        /// <summary>
        /// References as the runtime sees them: 0 is null, so the script's <c>ref.extern N</c> travels
        /// as N + 1; a non-null funcref is the address of its FuncRef, which the script never compares.
        /// </summary>
        private static ulong ToBits(SpecValue value) => value.Type switch
        {
            ValType.ExternRef or ValType.FuncRef => value.IsNull ? 0 : (ulong)value.Bits + 1,
            _ => (ulong)value.Bits,
        };

        private static SpecValue FromBits(ValType type, ulong bits) => type switch
        {
            ValType.ExternRef => bits == 0 ? SpecValue.NullRef(type) : SpecValue.ExternRef(bits - 1),
            ValType.FuncRef => bits == 0 ? SpecValue.NullRef(type) : SpecValue.FuncRef(bits),
            _ => new SpecValue(type, bits),
        };
    }
}
