namespace Wasmbox.Engine.Wasi.Abi;

/// <summary>
/// The rights each kind of descriptor can meaningfully hold. <c>path_open</c> trims what a guest
/// asks for to these (the witx allows returning fewer rights "if those rights do not apply to the
/// type of file being opened"), and preopens start from them.
/// </summary>
public static class RightSets
{
    /// <summary>
    /// Rights that make sense on a directory. Deliberately without read, write, seek, tell,
    /// allocate and set-size: wasi-testsuite checks that directories lack fd_seek and
    /// fd_filestat_set_size, and guests (wasi-libc's root lookup) reopen "." asking for exactly a
    /// preopen's base rights, which must therefore not include anything that needs write access.
    /// </summary>
    public const Rights Directory =
        Rights.FdDatasync | Rights.FdSync
        | Rights.PathCreateDirectory | Rights.PathCreateFile
        | Rights.PathLinkSource | Rights.PathLinkTarget
        | Rights.PathOpen | Rights.FdReaddir | Rights.PathReadlink
        | Rights.PathRenameSource | Rights.PathRenameTarget
        | Rights.PathFilestatGet | Rights.PathFilestatSetSize | Rights.PathFilestatSetTimes
        | Rights.FdFilestatGet | Rights.FdFilestatSetTimes
        | Rights.PathSymlink | Rights.PathRemoveDirectory | Rights.PathUnlinkFile;

    /// <summary>Rights that make sense on a regular file (or another non-directory host object).</summary>
    public const Rights File =
        Rights.FdDatasync | Rights.FdRead | Rights.FdSeek | Rights.FdFdstatSetFlags
        | Rights.FdSync | Rights.FdTell | Rights.FdWrite | Rights.FdAdvise | Rights.FdAllocate
        | Rights.FdFilestatGet | Rights.FdFilestatSetSize | Rights.FdFilestatSetTimes
        | Rights.PollFdReadwrite;

    /// <summary>What a preopened directory can hand down: everything a directory or a file can hold.</summary>
    public const Rights Inheritable = Directory | File;

    /// <summary>
    /// Rights that change the file system. A read-only preopen holds none of them, base or
    /// inheriting, and since rights can only ever shrink, nothing opened through it can either.
    /// </summary>
    public const Rights Mutating =
        Rights.FdWrite | Rights.FdAllocate | Rights.FdFilestatSetSize | Rights.FdFilestatSetTimes
        | Rights.PathCreateDirectory | Rights.PathCreateFile | Rights.PathLinkSource | Rights.PathLinkTarget
        | Rights.PathRenameSource | Rights.PathRenameTarget
        | Rights.PathFilestatSetSize | Rights.PathFilestatSetTimes
        | Rights.PathSymlink | Rights.PathRemoveDirectory | Rights.PathUnlinkFile;

    /// <summary>The base rights that make <c>path_open</c> open the host file for writing.</summary>
    public const Rights WriteAccess = Rights.FdWrite | Rights.FdAllocate | Rights.FdFilestatSetSize;

    /// <summary>Standard input: read it, poll it, ask what it is.</summary>
    public const Rights StandardInput =
        Rights.FdRead | Rights.FdFdstatSetFlags | Rights.FdFilestatGet | Rights.PollFdReadwrite;

    /// <summary>Standard output and error: write, flush (sync), poll, ask what they are.</summary>
    public const Rights StandardOutput =
        Rights.FdWrite | Rights.FdDatasync | Rights.FdSync | Rights.FdFdstatSetFlags
        | Rights.FdFilestatGet | Rights.PollFdReadwrite;
}
