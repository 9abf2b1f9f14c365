using Wasmbox.SpecTest.Execution;
using Wasmbox.SpecTest.Model;
using Wasmbox.SpecTest.Results;

namespace Wasmbox.SpecTest.Running;

/// <summary>
/// Runs one script's commands in order, keeping the state commands share: the current module and the
/// named ones. Without a session (no backend) every command that needs execution is skipped.
/// </summary>
internal sealed class ScriptRun(SpecScript script, IScriptSession? session)
{
    private readonly Dictionary<string, ModuleSlot> _namedModules = new(StringComparer.Ordinal);
    private ModuleSlot? _currentModule;

    public SpecResults Run()
    {
        var results = new SpecResults();
        foreach (var command in script.Commands)
        {
            if (SkipList.ReasonFor(script.JsonPath, command.Line) is { } reason)
            {
                if (command is ModuleCommand skippedModule) Define(skippedModule.Name, ModuleSlot.Skipped(command.Line));
                results.AddListedSkip(new SpecFailure(script.JsonPath, command.Line, command.Kind, reason));
                continue;
            }

            Verdict verdict;
            try
            {
                verdict = Run(command);
            }
            catch (Exception e)
            {
                // Only a backend or engine bug gets here; the command fails and the script goes on.
                verdict = Verdict.Fail(UnexpectedException.Describe(e));
                if (command is ModuleCommand module) Define(module.Name, ModuleSlot.Failed(module.Line, verdict.Message));
            }
            Record(results, command, verdict);
        }
        return results;
    }

    private void Record(SpecResults results, SpecCommand command, Verdict verdict)
    {
        switch (verdict.Kind)
        {
            case VerdictKind.Passed: results.AddPassed(command.Kind); break;
            case VerdictKind.Skipped: results.AddSkipped(command.Kind); break;
            default: results.AddFailed(new SpecFailure(script.JsonPath, command.Line, command.Kind, verdict.Message)); break;
        }
    }

    private Verdict Run(SpecCommand command) => command switch
    {
        ModuleCommand module => DefineModule(module),
        AssertModuleCommand assertion => ModuleAssertions.Check(assertion, script.ResolveModulePath(assertion.File), session),
        AssertReturnCommand assertion => OnModule(assertion.Action.ModuleName, instance => ActionAssertions.CheckReturn(assertion, instance)),
        AssertFailureCommand assertion => OnModule(assertion.Action.ModuleName, instance => ActionAssertions.CheckFailure(assertion, instance)),
        ActionCommand action => OnModule(action.Action.ModuleName, instance => ActionAssertions.CheckAction(action, instance)),
        RegisterCommand register => Register(register),
        UnreadableCommand unreadable => FailUnreadable(unreadable),
        _ => Verdict.Fail($"the runner does not handle {command.GetType().Name}"),
    };

    private Verdict DefineModule(ModuleCommand command)
    {
        if (command.File.IsText)
        {
            Define(command.Name, ModuleSlot.Skipped(command.Line));
            return Verdict.Skip;
        }

        var load = ModuleLoader.Load(script.ResolveModulePath(command.File));
        if (load.Status != LoadStatus.Valid)
        {
            var problem = load.Describe();
            Define(command.Name, ModuleSlot.Failed(command.Line, problem));
            return Verdict.Fail(problem);
        }

        if (session is null)
        {
            Define(command.Name, ModuleSlot.Ready(command.Line, null));
            return Verdict.Pass;
        }

        var outcome = session.Instantiate(load.Module!);
        if (outcome.Kind == InstantiationOutcomeKind.Unsupported)
        {
            Define(command.Name, ModuleSlot.Skipped(command.Line));
            return Verdict.Skip;
        }

        if (outcome.Kind != InstantiationOutcomeKind.Instantiated)
        {
            var problem = outcome.ToString();
            Define(command.Name, ModuleSlot.Failed(command.Line, problem));
            return Verdict.Fail(problem);
        }
        Define(command.Name, ModuleSlot.Ready(command.Line, outcome.Instance));
        return Verdict.Pass;
    }

    private Verdict Register(RegisterCommand register)
    {
        var verdict = OnModule(register.ModuleName, instance =>
        {
            session!.Register(register.As, instance);
            return Verdict.Pass;
        });
        if (verdict.Kind == VerdictKind.Skipped) session?.RegisterUnavailable(register.As);
        return verdict;
    }

    private void Define(string? name, ModuleSlot slot)
    {
        _currentModule = slot;
        if (name is not null) _namedModules[name] = slot;
    }

    /// <summary>
    /// Runs a command against a module instance, unless it cannot be judged: skipped without execution
    /// or when the module was skipped, failed when the module failed or does not exist.
    /// </summary>
    private Verdict OnModule(string? moduleName, Func<IModuleInstance, Verdict> check)
    {
        if (session is null) return Verdict.Skip;

        ModuleSlot? slot;
        if (moduleName is null) slot = _currentModule;
        else _namedModules.TryGetValue(moduleName, out slot);

        return slot switch
        {
            null => Verdict.Fail(moduleName is null ? "no module has been defined" : $"no module named {moduleName}"),
            { State: ModuleState.Skipped } => Verdict.Skip,
            { State: ModuleState.Failed } => Verdict.Fail($"needs the module of line {slot.Line}, which failed: {slot.Problem}"),
            _ => check(slot.Instance!),
        };
    }

    private Verdict FailUnreadable(UnreadableCommand command)
    {
        // A module command we could not read still replaces the current module: acting on the
        // previous one instead would judge later commands against the wrong module.
        if (command.Kind == CommandKind.Module) Define(null, ModuleSlot.Failed(command.Line, command.Error));
        return Verdict.Fail(command.Error);
    }
}
