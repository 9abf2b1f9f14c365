using System.Buffers.Binary;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Wasi.Functions;

/// <summary>One <c>subscription</c> record of poll_oneoff, decoded.</summary>
internal readonly record struct Subscription(ulong Userdata, EventType Type, uint ClockId, ulong Timeout, bool AbsoluteTime, uint Fd)
{
    /// <summary>Decodes a 48-byte record; false for an event type preview1 does not define.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> record, out Subscription subscription)
    {
        subscription = default;
        var tag = record[Layouts.Subscription.Tag];
        if (tag > (byte)EventType.FdWrite) return false;

        var userdata = BinaryPrimitives.ReadUInt64LittleEndian(record[Layouts.Subscription.Userdata..]);
        subscription = (EventType)tag == EventType.Clock
            ? new Subscription(userdata, EventType.Clock,
                ClockId: BinaryPrimitives.ReadUInt32LittleEndian(record[Layouts.Subscription.ClockId..]),
                Timeout: BinaryPrimitives.ReadUInt64LittleEndian(record[Layouts.Subscription.ClockTimeout..]),
                AbsoluteTime: (BinaryPrimitives.ReadUInt16LittleEndian(record[Layouts.Subscription.ClockFlags..]) & (ushort)SubclockFlags.SubscriptionClockAbstime) != 0,
                Fd: 0)
            : new Subscription(userdata, (EventType)tag, 0, 0, false,
                Fd: BinaryPrimitives.ReadUInt32LittleEndian(record[Layouts.Subscription.FileDescriptor..]));
        return true;
    }
}

/// <summary>One <c>event</c> record of poll_oneoff.</summary>
internal readonly record struct Event(ulong Userdata, Errno Error, EventType Type, ulong ByteCount = 0, EventRwFlags Flags = EventRwFlags.None)
{
    /// <summary>Writes the 32-byte record.</summary>
    public void WriteTo(Span<byte> record)
    {
        record[..Layouts.Event.Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(record[Layouts.Event.Userdata..], Userdata);
        BinaryPrimitives.WriteUInt16LittleEndian(record[Layouts.Event.Error..], (ushort)Error);
        record[Layouts.Event.Type] = (byte)Type;
        BinaryPrimitives.WriteUInt64LittleEndian(record[Layouts.Event.NBytes..], ByteCount);
        BinaryPrimitives.WriteUInt16LittleEndian(record[Layouts.Event.Flags..], (ushort)Flags);
    }
}
