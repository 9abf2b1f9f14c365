namespace Wasmbox.Daemon.Instances;

/// <summary>
/// The guest calls running on a session's executor thread, innermost last. A host function asks it
/// for the token that ends its wait for the client: the innermost call's deadline, its request's
/// cancellation, its instance's disposal and the session's end. Touched only on the executor thread.
/// </summary>
internal sealed class CallStack
{
    private readonly Stack<CancellationToken> _calls = new();

    public CancellationToken Current => _calls.Count > 0 ? _calls.Peek() : CancellationToken.None;

    public void Push(CancellationToken token) => _calls.Push(token);

    public void Pop() => _calls.Pop();
}
