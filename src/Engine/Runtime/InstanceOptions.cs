using Wasmbox.Engine.Runtime.ResourceLimits;

namespace Wasmbox.Engine.Runtime;

/// <summary>What an embedder bounds when it instantiates a module. The defaults bound nothing beyond the module's own limits.</summary>
public sealed record InstanceOptions
{
    public static InstanceOptions Default { get; } = new();

    /// <summary>
    /// The most pages any memory this instance creates may have, below what its type declares:
    /// <c>memory.grow</c> past it returns -1, and a memory that starts above it fails
    /// instantiation. Only this much address space is reserved. Imported memories keep their own.
    /// </summary>
    public uint? MaxMemoryPages { get; init; }

    /// <summary>Asked before every growth of a memory this instance creates (see <see cref="IMemoryLimiter"/>).</summary>
    public IMemoryLimiter? MemoryLimiter { get; init; }

    /// <summary>The start function's wall-clock limit; past it instantiation fails with the trap "deadline exceeded".</summary>
    public TimeSpan? StartDeadline { get; init; }
}
