using System.Runtime.InteropServices;

namespace Wasmbox.Engine.Runtime.Stubs;

/// <summary>
/// Table instructions that JIT code hands to managed code: grow, fill, copy, init and elem.drop.
/// Each returns 0 or a trap code (grow returns the old size or -1); no exception escapes.
/// </summary>
internal static unsafe class TableHelpers
{
    private static Instance InstanceOf(nint context) =>
        (Instance)GCHandle.FromIntPtr(*(nint*)(context + VMContextLayout.InstanceHandle)).Target!;

    [UnmanagedCallersOnly]
    public static int Grow(nint context, uint table, ulong value, uint delta)
    {
        try
        {
            return (int)InstanceOf(context).Tables[table].Grow(delta, value);
        }
        catch (Exception)
        {
            return -1;
        }
    }

    [UnmanagedCallersOnly]
    public static int Fill(nint context, uint table, uint start, ulong value, uint count)
    {
        try
        {
            var elements = InstanceOf(context).Tables[table].Elements;
            if ((ulong)start + count > (ulong)elements.Length) return (int)TrapKind.OutOfBoundsTableAccess;
            elements.Slice((int)start, (int)count).Fill(value);
            return 0;
        }
        catch (Exception)
        {
            return (int)TrapKind.HostError;
        }
    }

    [UnmanagedCallersOnly]
    public static int Copy(nint context, uint destinationTable, uint sourceTable, uint destination, uint source, uint count)
    {
        try
        {
            var instance = InstanceOf(context);
            var to = instance.Tables[destinationTable].Elements;
            var from = instance.Tables[sourceTable].Elements;
            if ((ulong)destination + count > (ulong)to.Length || (ulong)source + count > (ulong)from.Length) return (int)TrapKind.OutOfBoundsTableAccess;
            from.Slice((int)source, (int)count).CopyTo(to.Slice((int)destination, (int)count));
            return 0;
        }
        catch (Exception)
        {
            return (int)TrapKind.HostError;
        }
    }

    [UnmanagedCallersOnly]
    public static int Init(nint context, uint table, uint segment, uint destination, uint source, uint count)
    {
        try
        {
            var instance = InstanceOf(context);
            var to = instance.Tables[table].Elements;
            var from = instance.ElementSegmentValues(segment);
            if ((ulong)destination + count > (ulong)to.Length || (ulong)source + count > (ulong)from.Length) return (int)TrapKind.OutOfBoundsTableAccess;
            from.AsSpan((int)source, (int)count).CopyTo(to.Slice((int)destination, (int)count));
            return 0;
        }
        catch (Exception)
        {
            return (int)TrapKind.HostError;
        }
    }

    [UnmanagedCallersOnly]
    public static int Drop(nint context, uint segment)
    {
        try
        {
            InstanceOf(context).DropElementSegment(segment);
            return 0;
        }
        catch (Exception)
        {
            return (int)TrapKind.HostError;
        }
    }
}
