namespace Wasmbox.Protocol.Tests.Support;

/// <summary>
/// Tests that measure process-wide allocations run in this collection, after and apart from every
/// other test, so that no neighbour's garbage counts against them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Runs alone";
}
