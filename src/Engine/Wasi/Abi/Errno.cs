namespace Wasmbox.Engine.Wasi.Abi;

/// <summary>
/// WASI preview1 <c>errno</c> (<c>typenames.witx</c>, <c>enum (@witx tag u16)</c>): the value every
/// function returns as its i32 result. The numbering is the witx declaration order; names follow
/// the witx identifiers (capitalized; <c>2big</c> becomes <see cref="TooBig"/>).
/// </summary>
public enum Errno : ushort
{
    /// <summary><c>success</c>: No error occurred.</summary>
    Success = 0,
    /// <summary><c>2big</c>: Argument list too long.</summary>
    TooBig = 1,
    /// <summary><c>acces</c>: Permission denied.</summary>
    Acces = 2,
    /// <summary><c>addrinuse</c>: Address in use.</summary>
    Addrinuse = 3,
    /// <summary><c>addrnotavail</c>: Address not available.</summary>
    Addrnotavail = 4,
    /// <summary><c>afnosupport</c>: Address family not supported.</summary>
    Afnosupport = 5,
    /// <summary><c>again</c>: Resource unavailable, or operation would block.</summary>
    Again = 6,
    /// <summary><c>already</c>: Connection already in progress.</summary>
    Already = 7,
    /// <summary><c>badf</c>: Bad file descriptor.</summary>
    Badf = 8,
    /// <summary><c>badmsg</c>: Bad message.</summary>
    Badmsg = 9,
    /// <summary><c>busy</c>: Device or resource busy.</summary>
    Busy = 10,
    /// <summary><c>canceled</c>: Operation canceled.</summary>
    Canceled = 11,
    /// <summary><c>child</c>: No child processes.</summary>
    Child = 12,
    /// <summary><c>connaborted</c>: Connection aborted.</summary>
    Connaborted = 13,
    /// <summary><c>connrefused</c>: Connection refused.</summary>
    Connrefused = 14,
    /// <summary><c>connreset</c>: Connection reset.</summary>
    Connreset = 15,
    /// <summary><c>deadlk</c>: Resource deadlock would occur.</summary>
    Deadlk = 16,
    /// <summary><c>destaddrreq</c>: Destination address required.</summary>
    Destaddrreq = 17,
    /// <summary><c>dom</c>: Mathematics argument out of domain of function.</summary>
    Dom = 18,
    /// <summary><c>dquot</c>: Reserved.</summary>
    Dquot = 19,
    /// <summary><c>exist</c>: File exists.</summary>
    Exist = 20,
    /// <summary><c>fault</c>: Bad address.</summary>
    Fault = 21,
    /// <summary><c>fbig</c>: File too large.</summary>
    Fbig = 22,
    /// <summary><c>hostunreach</c>: Host is unreachable.</summary>
    Hostunreach = 23,
    /// <summary><c>idrm</c>: Identifier removed.</summary>
    Idrm = 24,
    /// <summary><c>ilseq</c>: Illegal byte sequence.</summary>
    Ilseq = 25,
    /// <summary><c>inprogress</c>: Operation in progress.</summary>
    Inprogress = 26,
    /// <summary><c>intr</c>: Interrupted function.</summary>
    Intr = 27,
    /// <summary><c>inval</c>: Invalid argument.</summary>
    Inval = 28,
    /// <summary><c>io</c>: I/O error.</summary>
    Io = 29,
    /// <summary><c>isconn</c>: Socket is connected.</summary>
    Isconn = 30,
    /// <summary><c>isdir</c>: Is a directory.</summary>
    Isdir = 31,
    /// <summary><c>loop</c>: Too many levels of symbolic links.</summary>
    Loop = 32,
    /// <summary><c>mfile</c>: File descriptor value too large.</summary>
    Mfile = 33,
    /// <summary><c>mlink</c>: Too many links.</summary>
    Mlink = 34,
    /// <summary><c>msgsize</c>: Message too large.</summary>
    Msgsize = 35,
    /// <summary><c>multihop</c>: Reserved.</summary>
    Multihop = 36,
    /// <summary><c>nametoolong</c>: Filename too long.</summary>
    Nametoolong = 37,
    /// <summary><c>netdown</c>: Network is down.</summary>
    Netdown = 38,
    /// <summary><c>netreset</c>: Connection aborted by network.</summary>
    Netreset = 39,
    /// <summary><c>netunreach</c>: Network unreachable.</summary>
    Netunreach = 40,
    /// <summary><c>nfile</c>: Too many files open in system.</summary>
    Nfile = 41,
    /// <summary><c>nobufs</c>: No buffer space available.</summary>
    Nobufs = 42,
    /// <summary><c>nodev</c>: No such device.</summary>
    Nodev = 43,
    /// <summary><c>noent</c>: No such file or directory.</summary>
    Noent = 44,
    /// <summary><c>noexec</c>: Executable file format error.</summary>
    Noexec = 45,
    /// <summary><c>nolck</c>: No locks available.</summary>
    Nolck = 46,
    /// <summary><c>nolink</c>: Reserved.</summary>
    Nolink = 47,
    /// <summary><c>nomem</c>: Not enough space.</summary>
    Nomem = 48,
    /// <summary><c>nomsg</c>: No message of the desired type.</summary>
    Nomsg = 49,
    /// <summary><c>noprotoopt</c>: Protocol not available.</summary>
    Noprotoopt = 50,
    /// <summary><c>nospc</c>: No space left on device.</summary>
    Nospc = 51,
    /// <summary><c>nosys</c>: Function not supported.</summary>
    Nosys = 52,
    /// <summary><c>notconn</c>: The socket is not connected.</summary>
    Notconn = 53,
    /// <summary><c>notdir</c>: Not a directory or a symbolic link to a directory.</summary>
    Notdir = 54,
    /// <summary><c>notempty</c>: Directory not empty.</summary>
    Notempty = 55,
    /// <summary><c>notrecoverable</c>: State not recoverable.</summary>
    Notrecoverable = 56,
    /// <summary><c>notsock</c>: Not a socket.</summary>
    Notsock = 57,
    /// <summary><c>notsup</c>: Not supported, or operation not supported on socket.</summary>
    Notsup = 58,
    /// <summary><c>notty</c>: Inappropriate I/O control operation.</summary>
    Notty = 59,
    /// <summary><c>nxio</c>: No such device or address.</summary>
    Nxio = 60,
    /// <summary><c>overflow</c>: Value too large to be stored in data type.</summary>
    Overflow = 61,
    /// <summary><c>ownerdead</c>: Previous owner died.</summary>
    Ownerdead = 62,
    /// <summary><c>perm</c>: Operation not permitted.</summary>
    Perm = 63,
    /// <summary><c>pipe</c>: Broken pipe.</summary>
    Pipe = 64,
    /// <summary><c>proto</c>: Protocol error.</summary>
    Proto = 65,
    /// <summary><c>protonosupport</c>: Protocol not supported.</summary>
    Protonosupport = 66,
    /// <summary><c>prototype</c>: Protocol wrong type for socket.</summary>
    Prototype = 67,
    /// <summary><c>range</c>: Result too large.</summary>
    Range = 68,
    /// <summary><c>rofs</c>: Read-only file system.</summary>
    Rofs = 69,
    /// <summary><c>spipe</c>: Invalid seek.</summary>
    Spipe = 70,
    /// <summary><c>srch</c>: No such process.</summary>
    Srch = 71,
    /// <summary><c>stale</c>: Reserved.</summary>
    Stale = 72,
    /// <summary><c>timedout</c>: Connection timed out.</summary>
    Timedout = 73,
    /// <summary><c>txtbsy</c>: Text file busy.</summary>
    Txtbsy = 74,
    /// <summary><c>xdev</c>: Cross-device link.</summary>
    Xdev = 75,
    /// <summary><c>notcapable</c>: Extension: Capabilities insufficient.</summary>
    Notcapable = 76,
}
