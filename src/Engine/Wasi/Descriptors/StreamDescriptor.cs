using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Host;
using Wasmbox.Engine.Wasi.Memory;

namespace Wasmbox.Engine.Wasi.Descriptors;

/// <summary>
/// Standard input, output or error: a <see cref="Stream"/> the embedder owns (the daemon's pipe to
/// a client, the CLI's console). We never dispose it. Reads take what one Stream.Read returns;
/// writes go out whole and are flushed at once, so output reaches its reader as the guest writes it.
/// </summary>
internal sealed class StreamDescriptor(Stream stream, bool isTerminal, Rights baseRights)
    : Descriptor(baseRights, Rights.None, FdFlags.None)
{
    /// <summary>
    /// A terminal is a character device; anything else (pipe, file, socket behind a Stream) is
    /// <c>unknown</c>, as WASI runtimes report redirected stdio. wasi-libc's isatty() is true only
    /// for character devices without seek rights, and it decides stdout's line buffering.
    /// </summary>
    public override FileType FileType => isTerminal ? FileType.CharacterDevice : FileType.Unknown;

    public override Errno GetFilestat(out Filestat stat)
    {
        stat = new Filestat(0, 0, FileType, 1, 0, 0, 0, 0);
        return Errno.Success;
    }

    public override Errno Read(in IoVectors buffers, out uint bytesRead)
    {
        bytesRead = 0;
        for (var i = 0; i < buffers.Count; i++)
        {
            var buffer = buffers.Buffer(i, IoVectors.MaxTransfer);
            if (buffer.IsEmpty) continue;

            // One read only: a second one could block although the first already returned data.
            try
            {
                bytesRead = (uint)stream.Read(buffer);
                return Errno.Success;
            }
            catch (Exception e) when (IsStreamFailure(e))
            {
                return ErrnoOf(e);
            }
        }

        return Errno.Success;
    }

    public override Errno Write(in IoVectors buffers, out uint bytesWritten)
    {
        bytesWritten = 0;
        try
        {
            for (var i = 0; i < buffers.Count; i++)
            {
                var buffer = buffers.Buffer(i, IoVectors.MaxTransfer - bytesWritten);
                stream.Write(buffer);
                bytesWritten += (uint)buffer.Length;
            }

            if (bytesWritten > 0) stream.Flush();
            return Errno.Success;
        }
        catch (Exception e) when (IsStreamFailure(e))
        {
            // Bytes already handed to the stream count as written; the error shows on the next call.
            return bytesWritten > 0 ? Errno.Success : ErrnoOf(e);
        }
    }

    public override Errno Sync(bool dataOnly)
    {
        try
        {
            stream.Flush();
            return Errno.Success;
        }
        catch (Exception e) when (IsStreamFailure(e))
        {
            return ErrnoOf(e);
        }
    }

    /// <summary>Only the flags a stream can honour: append is meaningless but harmless; non-blocking is impossible.</summary>
    public override Errno SetFlags(FdFlags flags)
    {
        if ((flags & ~FdFlags.Append) != 0) return Errno.Notsup;
        Flags = flags;
        return Errno.Success;
    }

    private static bool IsStreamFailure(Exception e) => e is IOException or NotSupportedException or ObjectDisposedException;

    /// <summary>Not readable/writable, or closed by the embedder: a bad descriptor; anything else: an IO error.</summary>
    private static Errno ErrnoOf(Exception e) => e is IOException ? Errno.Io : Errno.Badf;
}
