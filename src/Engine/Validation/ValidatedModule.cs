using Wasmbox.Engine.Binary;

namespace Wasmbox.Engine.Validation;

/// <summary>A module that passed validation, with what the compiler needs so it need not re-derive it.</summary>
public sealed class ValidatedModule
{
    public required WasmModule Module { get; init; }

    /// <summary>One entry per function the module defines (index = function index - imported count).</summary>
    public required ValidatedFunction[] Functions { get; init; }
}

/// <summary>Facts about one function body, found while validating it.</summary>
public sealed class ValidatedFunction
{
    /// <summary>Index in the module's function index space.</summary>
    public required uint FunctionIndex { get; init; }

    public required FuncType Type { get; init; }

    /// <summary>The type of every local: parameters first, then the declared locals, expanded.</summary>
    public required ValType[] LocalTypes { get; init; }

    /// <summary>
    /// Largest number of operand values on the stack at any point of the body (locals not
    /// included; values of every enclosing block count). Dead code after br, return and the like is
    /// included, so this is an upper bound for the code that can run.
    /// </summary>
    public required int MaxStackHeight { get; init; }

    /// <summary>Deepest nesting of blocks, loops and ifs (the function body itself counts as one).</summary>
    public required int MaxControlDepth { get; init; }

    /// <summary>
    /// One entry per block, loop and if, in the order their opening opcodes appear in the body.
    /// Positions are offsets into <see cref="ValidatedModule.Module"/>'s bytes, like the body's own
    /// <see cref="FunctionBody.CodeStart"/>.
    /// </summary>
    public required ControlInfo[] Controls { get; init; }
}

/// <summary>Where a structured control instruction ends, and whether anything branches to it.</summary>
public readonly record struct ControlInfo(int Start, int ElsePosition, int EndPosition, bool IsBranchTarget)
{
    /// <summary>Offset of the opening opcode (block, loop or if) in the module binary.</summary>
    public int Start { get; init; } = Start;

    /// <summary>Offset of the matching <c>else</c> opcode, or -1.</summary>
    public int ElsePosition { get; init; } = ElsePosition;

    /// <summary>Offset of the matching <c>end</c> opcode.</summary>
    public int EndPosition { get; init; } = EndPosition;

    /// <summary>Whether some br, br_if or br_table names this label.</summary>
    public bool IsBranchTarget { get; init; } = IsBranchTarget;
}
