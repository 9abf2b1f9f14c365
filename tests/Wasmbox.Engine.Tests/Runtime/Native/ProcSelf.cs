using System.Globalization;

namespace Wasmbox.Engine.Tests.Runtime.Native;

/// <summary>What the kernel says about this process: its mappings (/proc/self/maps) and memory use (/proc/self/status).</summary>
internal static class ProcSelf
{
    /// <summary>One line of /proc/self/maps: [Start, End) with a permission string such as "r-xp".</summary>
    public readonly record struct Mapping(ulong Start, ulong End, string Permissions, string Path)
    {
        public bool Contains(nint address) => (ulong)address >= Start && (ulong)address < End;
    }

    /// <summary>
    /// The .NET runtime maps its own JIT code and stubs through a memfd with this name (double
    /// mapping for W^X). It adds such mappings whenever it compiles methods, tests included, so
    /// they are left out of <see cref="Usage.MappingCount"/>.
    /// </summary>
    private const string RuntimeJitMapping = "/memfd:doublemapper";

    /// <summary>
    /// Totals to compare before and after a workload. VmSize and VmRSS cover the whole process (VmRSS
    /// moves by megabytes as the GC commits and decommits its heap); the anonymous-executable totals
    /// cover only published code, since the runtime's own JIT code lives in named memfd mappings.
    /// MappingCount leaves out the runtime's JIT mappings (<see cref="RuntimeJitMapping"/>).
    /// </summary>
    public readonly record struct Usage(int MappingCount, long VmSizeBytes, long VmRssBytes, long CodeBytes, long CodeRssBytes)
    {
        public override string ToString() =>
            $"{MappingCount} mappings, VmSize {VmSizeBytes / 1024} KiB, VmRSS {VmRssBytes / 1024} KiB, " +
            $"anonymous r-x {CodeBytes / 1024} KiB ({CodeRssBytes / 1024} KiB resident)";
    }

    public static List<Mapping> ReadMaps()
    {
        var mappings = new List<Mapping>();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            // "7f1c2a000000-7f1c2a001000 r-xp 00000000 00:00 0    [path]"
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var range = fields[0].Split('-');
            mappings.Add(new Mapping(
                ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                fields[1],
                fields.Length > 5 ? fields[5].Trim() : ""));
        }

        return mappings;
    }

    /// <summary>The mapping containing <paramref name="address"/>, or null when nothing is mapped there.</summary>
    public static Mapping? FindMapping(nint address)
    {
        foreach (var mapping in ReadMaps())
        {
            if (mapping.Contains(address)) return mapping;
        }

        return null;
    }

    /// <summary>Permission string of the mapping containing <paramref name="address"/>; fails the test if unmapped.</summary>
    public static string PermissionsAt(nint address)
    {
        var mapping = FindMapping(address);
        Assert.True(mapping.HasValue, $"nothing is mapped at 0x{address:x}");
        return mapping.Value.Permissions;
    }

    /// <summary>Collects garbage (running finalizers) first, so only live memory is counted.</summary>
    public static Usage MeasureAfterGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var (codeBytes, codeRssBytes) = AnonymousExecutableBytes();
        var mappingCount = ReadMaps().Count(m => !m.Path.StartsWith(RuntimeJitMapping, StringComparison.Ordinal));
        return new Usage(mappingCount, StatusBytes("VmSize:"), StatusBytes("VmRSS:"), codeBytes, codeRssBytes);
    }

    /// <summary>Summed Size and Rss of anonymous r-x mappings, from /proc/self/smaps.</summary>
    private static (long Size, long Rss) AnonymousExecutableBytes()
    {
        long size = 0, rss = 0;
        var counting = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (!fields[0].EndsWith(':'))
            {
                // A mapping header, as in /proc/self/maps: "start-end perms offset dev inode [path]".
                counting = fields[1] == "r-xp" && (fields.Length < 6 || fields[5].Trim().Length == 0);
            }
            else if (counting && fields[0] == "Size:")
            {
                size += long.Parse(fields[1], CultureInfo.InvariantCulture) * 1024;
            }
            else if (counting && fields[0] == "Rss:")
            {
                rss += long.Parse(fields[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return (size, rss);
    }

    private static long StatusBytes(string key)
    {
        // "VmRSS:	   12345 kB"
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        var kilobytes = line[key.Length..].Trim().Split(' ')[0];
        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }
}

/// <summary>
/// Tests that measure the whole process (mapping count, VmSize, VmRSS) or that look for an address
/// no longer being mapped. They run alone, after the parallel tests, so other tests' allocations
/// and mappings do not show up as noise or reuse the addresses they watch.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "process-wide memory measurements";
}
