using System.Diagnostics;

namespace Wasmbox.SpecTest.Running;

/// <summary>Describes an exception no rule expects (an engine bug), naming its type and where it was thrown.</summary>
internal static class UnexpectedException
{
    public static string Describe(Exception exception)
    {
        var thrower = new StackTrace(exception).GetFrame(0)?.GetMethod();
        var where = thrower is null ? "" : $" (in {thrower.DeclaringType?.FullName}.{thrower.Name})";
        return $"unexpected {exception.GetType().Name}: {exception.Message}{where}";
    }
}
