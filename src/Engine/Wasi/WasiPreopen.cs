namespace Wasmbox.Engine.Wasi;

/// <summary>
/// A host directory the guest may use, under the name it sees. The guest reaches nothing outside
/// <see cref="HostPath"/> through it; with <see cref="ReadOnly"/>, it can change nothing inside either.
/// </summary>
/// <param name="HostPath">The directory on the host (absolute or relative to the process's current directory).</param>
/// <param name="GuestPath">What <c>fd_prestat_dir_name</c> reports: "/" to be the guest's root, or a name like "/data" or ".".</param>
/// <param name="ReadOnly">Withhold every right that writes: creating, removing, renaming, linking, writing, truncating, setting times.</param>
public sealed record WasiPreopen(string HostPath, string GuestPath, bool ReadOnly = false);
