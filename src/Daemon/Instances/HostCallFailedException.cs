namespace Wasmbox.Daemon.Instances;

/// <summary>A host/call did not produce results: the client answered with an error, went away, or sent results of the wrong types.</summary>
internal sealed class HostCallFailedException : Exception
{
    public HostCallFailedException(string message) : base(message) { }

    public HostCallFailedException(string message, Exception inner) : base(message, inner) { }

    public HostCallFailedException() { }
}
