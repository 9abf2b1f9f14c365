namespace Wasmbox.Engine.Runtime.ResourceLimits;

/// <summary>Instantiation asked for more than the embedder allows: a memory that starts above its page cap, or one its limiter refused.</summary>
public sealed class ResourceLimitException : Exception
{
    public ResourceLimitException(string message) : base(message) { }

    public ResourceLimitException(string message, Exception inner) : base(message, inner) { }

    public ResourceLimitException() { }
}
