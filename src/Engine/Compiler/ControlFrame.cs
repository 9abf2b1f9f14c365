using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Compiler.Emit;

namespace Wasmbox.Engine.Compiler;

internal enum ControlKind : byte
{
    Function,
    Block,
    Loop,
    If,
}

/// <summary>A block, loop, if or the function body, as the compiler tracks it.</summary>
internal struct ControlFrame
{
    public ControlKind Kind;

    /// <summary>Operand stack height below the block's parameters.</summary>
    public int Base;
    public ValType[] Parameters;
    public ValType[] Results;

    /// <summary>Where a branch to this frame goes: the loop header, or the end.</summary>
    public CodeLabel Target;

    /// <summary>For an if: where the condition jumps when false (bound at else, or at end without one).</summary>
    public CodeLabel ElseLabel;
    public bool HasElse;

    /// <summary>False when nothing branches here, so the end is not a join and values may stay in registers.</summary>
    public bool IsBranchTarget;

    /// <summary>Values a branch to this frame carries: a loop's parameters, anything else's results.</summary>
    public readonly ValType[] BranchTypes => Kind == ControlKind.Loop ? Parameters : Results;
}
