using System.Collections;
using Wasmbox.Engine.Wasi.Abi;
using Wasmbox.Engine.Wasi.Descriptors;
using Wasmbox.Engine.Wasi.Host;

namespace Wasmbox.Engine.Wasi;

/// <summary>
/// One guest's WASI state: its descriptor table (stdio on 0-2, preopens from 3), arguments and
/// environment. Pass it, with the guest's memory, to every call of a <see cref="Binding.WasiFunction"/>.
/// Dispose closes every host descriptor the guest still holds (never the stdio streams, which the
/// embedder owns).
/// </summary>
/// <remarks>Not thread-safe: one context serves one guest thread.</remarks>
public sealed class WasiContext : IDisposable
{
    /// <summary>
    /// Opens the preopened directories and sets up the descriptor table. Throws
    /// <see cref="ArgumentException"/> for arguments or environment entries a guest cannot receive
    /// (a NUL inside, a variable name with '=' or empty), and <see cref="IOException"/> (or its
    /// <see cref="DirectoryNotFoundException"/> subclass) or <see cref="UnauthorizedAccessException"/>
    /// when a preopen cannot be opened as a directory.
    /// </summary>
    public WasiContext(WasiConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentOutOfRangeException.ThrowIfLessThan(configuration.MaxOpenDescriptors, 3 + configuration.Preopens.Count, nameof(configuration.MaxOpenDescriptors));

        Arguments = StringBlock.Create(configuration.Arguments, "arguments");
        Environment = StringBlock.Create(EnvironmentOf(configuration), "environment variables");
        Descriptors = new DescriptorTable(configuration.MaxOpenDescriptors);
        UnexpectedFailure = configuration.UnexpectedFailure;
        try
        {
            AddStandardStreams(configuration);
            foreach (var preopen in configuration.Preopens) AddPreopen(preopen);
        }
        catch
        {
            Descriptors.Dispose();
            throw;
        }
    }

    internal StringBlock Arguments { get; }

    internal StringBlock Environment { get; }

    internal DescriptorTable Descriptors { get; }

    internal Action<string, Exception>? UnexpectedFailure { get; }

    public void Dispose() => Descriptors.Dispose();

    private static IEnumerable<string> EnvironmentOf(WasiConfiguration configuration)
    {
        var variables = new List<KeyValuePair<string, string>>();
        if (configuration.InheritEnvironment)
        {
            foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                variables.Add(new((string)entry.Key, (string?)entry.Value ?? ""));
            }
        }

        foreach (var variable in configuration.Environment)
        {
            if (variable.Key.Length == 0 || variable.Key.Contains('='))
            {
                throw new ArgumentException($"not a valid environment variable name: \"{variable.Key}\"");
            }

            variables.RemoveAll(v => v.Key == variable.Key);
            variables.Add(variable);
        }

        return variables.Select(v => $"{v.Key}={v.Value}");
    }

    private void AddStandardStreams(WasiConfiguration configuration)
    {
        Descriptors.Add(new StreamDescriptor(configuration.Stdin ?? Stream.Null, configuration.StdinIsTerminal, RightSets.StandardInput), out _);
        Descriptors.Add(new StreamDescriptor(configuration.Stdout ?? Stream.Null, configuration.StdoutIsTerminal, RightSets.StandardOutput), out _);
        Descriptors.Add(new StreamDescriptor(configuration.Stderr ?? Stream.Null, configuration.StderrIsTerminal, RightSets.StandardOutput), out _);
    }

    private void AddPreopen(WasiPreopen preopen)
    {
        if (preopen.GuestPath.Length == 0 || preopen.GuestPath.Contains('\0'))
        {
            throw new ArgumentException($"not a valid guest path for a preopen: \"{preopen.GuestPath}\"");
        }

        var opened = Syscalls.open(preopen.HostPath, OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.CloseOnExec, 0);
        if (opened < 0)
        {
            var errno = Syscalls.LastError;
            var message = $"cannot preopen \"{preopen.HostPath}\" as \"{preopen.GuestPath}\": {LinuxErrno.ToWasi(errno)} (errno {errno})";
            throw errno switch
            {
                LinuxErrno.ENOENT or LinuxErrno.ENOTDIR => new DirectoryNotFoundException(message),
                LinuxErrno.EACCES or LinuxErrno.EPERM => new UnauthorizedAccessException(message),
                _ => new IOException(message),
            };
        }

        var (baseRights, inheritingRights) = preopen.ReadOnly
            ? (RightSets.Directory & ~RightSets.Mutating, RightSets.Inheritable & ~RightSets.Mutating)
            : (RightSets.Directory, RightSets.Inheritable);
        Descriptors.Add(new DirectoryDescriptor(new HostFd(opened), baseRights, inheritingRights, preopen.GuestPath), out _);
    }
}
