using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Wasi.Host;

/// <summary>Linux errno values (asm-generic numbering, as on x86-64) and their WASI counterparts.</summary>
internal static class LinuxErrno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int ELOOP = 40;
    public const int EOPNOTSUPP = 95;

    /// <summary>
    /// The WASI errno for a Linux errno. Every errno WASI has a name for maps to it; the few Linux
    /// has and WASI lacks (ENOTBLK, ECOMM, ...) become <c>io</c>, the generic failure.
    /// </summary>
    public static Errno ToWasi(int errno) => errno switch
    {
        0 => Errno.Success,
        1 => Errno.Perm,
        2 => Errno.Noent,
        3 => Errno.Srch,
        4 => Errno.Intr,
        5 => Errno.Io,
        6 => Errno.Nxio,
        7 => Errno.TooBig,
        8 => Errno.Noexec,
        9 => Errno.Badf,
        10 => Errno.Child,
        11 => Errno.Again,
        12 => Errno.Nomem,
        13 => Errno.Acces,
        14 => Errno.Fault,
        16 => Errno.Busy,
        17 => Errno.Exist,
        18 => Errno.Xdev,
        19 => Errno.Nodev,
        20 => Errno.Notdir,
        21 => Errno.Isdir,
        22 => Errno.Inval,
        23 => Errno.Nfile,
        24 => Errno.Mfile,
        25 => Errno.Notty,
        26 => Errno.Txtbsy,
        27 => Errno.Fbig,
        28 => Errno.Nospc,
        29 => Errno.Spipe,
        30 => Errno.Rofs,
        31 => Errno.Mlink,
        32 => Errno.Pipe,
        33 => Errno.Dom,
        34 => Errno.Range,
        35 => Errno.Deadlk,
        36 => Errno.Nametoolong,
        37 => Errno.Nolck,
        38 => Errno.Nosys,
        39 => Errno.Notempty,
        40 => Errno.Loop,
        42 => Errno.Nomsg,
        43 => Errno.Idrm,
        67 => Errno.Nolink,
        71 => Errno.Proto,
        72 => Errno.Multihop,
        74 => Errno.Badmsg,
        75 => Errno.Overflow,
        84 => Errno.Ilseq,
        88 => Errno.Notsock,
        89 => Errno.Destaddrreq,
        90 => Errno.Msgsize,
        91 => Errno.Prototype,
        92 => Errno.Noprotoopt,
        93 => Errno.Protonosupport,
        95 => Errno.Notsup,
        97 => Errno.Afnosupport,
        98 => Errno.Addrinuse,
        99 => Errno.Addrnotavail,
        100 => Errno.Netdown,
        101 => Errno.Netunreach,
        102 => Errno.Netreset,
        103 => Errno.Connaborted,
        104 => Errno.Connreset,
        105 => Errno.Nobufs,
        106 => Errno.Isconn,
        107 => Errno.Notconn,
        110 => Errno.Timedout,
        111 => Errno.Connrefused,
        113 => Errno.Hostunreach,
        114 => Errno.Already,
        115 => Errno.Inprogress,
        116 => Errno.Stale,
        122 => Errno.Dquot,
        125 => Errno.Canceled,
        130 => Errno.Ownerdead,
        131 => Errno.Notrecoverable,
        _ => Errno.Io,
    };
}
