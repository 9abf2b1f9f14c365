using System.Text;
using Wasmbox.Engine.Tests.Wasi.Support;
using Wasmbox.Engine.Wasi.Abi;

namespace Wasmbox.Engine.Tests.Wasi;

/// <summary>fd_readdir: entries, cookies, truncation, and consistency with filestat.</summary>
public sealed class ReaddirTests : IDisposable
{
    private readonly WasiHarness _wasi = new();

    public void Dispose() => _wasi.Dispose();

    private sealed record Entry(ulong Next, ulong Ino, string Name, FileType Type);

    [Fact]
    public void EmptyDirectoryListsDotAndDotDot()
    {
        Directory.CreateDirectory(_wasi.HostPath("dir"));
        var dir = _wasi.OpenDirectoryOk("dir");
        var (entries, used) = ReadDir(dir, 256, 0);
        Assert.True(used < 256);
        Assert.Equal([".", ".."], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(FileType.Directory, e.Type));
        Assert.Equal(_wasi.FdFilestat(dir).Stat.Ino, entries[0].Ino);
        Assert.Equal(_wasi.FdFilestat(WasiHarness.RootFd).Stat.Ino, entries[1].Ino);
    }

    [Fact]
    public void EntriesCarryTypeAndInodeAndCookiesResume()
    {
        Directory.CreateDirectory(_wasi.HostPath("dir/sub"));
        _wasi.CreateHostFile("dir/file", "x");
        File.CreateSymbolicLink(_wasi.HostPath("dir/link"), "file");
        var dir = _wasi.OpenDirectoryOk("dir");

        var (entries, _) = ReadDir(dir, 4096, 0);
        Assert.Equal(5, entries.Count);
        Assert.Equal([1UL, 2, 3, 4, 5], entries.Select(e => e.Next));
        var byName = entries.ToDictionary(e => e.Name);
        Assert.Equal(FileType.RegularFile, byName["file"].Type);
        Assert.Equal(FileType.Directory, byName["sub"].Type);
        Assert.Equal(FileType.SymbolicLink, byName["link"].Type);
        foreach (var name in new[] { "file", "sub", "link" })
        {
            Assert.Equal(_wasi.PathFilestat(name, dirFd: dir).Stat.Ino, byName[name].Ino); // fdopendir-with-access
        }

        var (rest, _) = ReadDir(dir, 4096, entries[2].Next);
        Assert.Equal(entries.Skip(3).Select(e => e.Name), rest.Select(e => e.Name));
        Assert.Empty(ReadDir(dir, 4096, 5).Entries);
        Assert.Empty(ReadDir(dir, 4096, 1000).Entries);
    }

    [Fact]
    public void SmallBuffersPageThroughAThousandEntries()
    {
        Directory.CreateDirectory(_wasi.HostPath("dir"));
        var dir = _wasi.OpenDirectoryOk("dir");
        for (var i = 0; i < 1000; i++) _wasi.Close(_wasi.OpenOk($"file.{i}", OFlags.Creat, Rights.None, dirFd: dir));

        var names = new List<string>();
        ulong cookie = 0;
        while (true)
        {
            var (entries, used) = ReadDir(dir, 256, cookie);
            names.AddRange(entries.Select(e => e.Name));
            if (used < 256) break;
            cookie = entries[^1].Next;
        }

        Assert.Equal(1002, names.Count);
        Assert.Equal(1002, names.Distinct().Count());
        Assert.Contains("file.999", names);
    }

    [Fact]
    public void TheLastEntryIsCutToTheBuffer()
    {
        _wasi.CreateHostFile("dir/a-rather-long-file-name");
        var dir = _wasi.OpenDirectoryOk("dir");
        var buffer = _wasi.Alloc(100);
        var result = _wasi.Alloc(4);

        // "." (25 bytes) and ".." (26) fit; the third entry's header fits, its name only in part.
        Assert.Equal(Errno.Success, _wasi.Call("fd_readdir", dir, buffer, 80, 0, result));
        Assert.Equal(80u, _wasi.U32(result));
        Assert.Equal((uint)"a-rather-long-file-name".Length, _wasi.U32(buffer + 51 + 16));

        // A buffer too small for even one header is filled all the same.
        Assert.Equal(Errno.Success, _wasi.Call("fd_readdir", dir, buffer, 10, 0, result));
        Assert.Equal(10u, _wasi.U32(result));
        Assert.Equal(1UL, _wasi.U64(buffer) & 0xFF);
    }

    [Fact]
    public void RewindingWithCookieZeroSeesNewEntries()
    {
        Directory.CreateDirectory(_wasi.HostPath("dir"));
        var dir = _wasi.OpenDirectoryOk("dir");
        Assert.Equal(2, ReadDir(dir, 4096, 0).Entries.Count);
        _wasi.CreateHostFile("dir/new");
        Assert.Equal(3, ReadDir(dir, 4096, 0).Entries.Count);
    }

    [Fact]
    public void OnlyDirectoriesWithTheRightCanBeListed()
    {
        var file = _wasi.OpenOk("file", OFlags.Creat, RightSets.File);
        Assert.Equal(Errno.Notcapable, _wasi.Call("fd_readdir", file, _wasi.Alloc(64), 64, 0, _wasi.Alloc(4)));
        Assert.Equal(Errno.Notcapable, _wasi.Call("fd_readdir", 1, _wasi.Alloc(64), 64, 0, _wasi.Alloc(4)));
        Assert.Equal(Errno.Badf, _wasi.Call("fd_readdir", 99, _wasi.Alloc(64), 64, 0, _wasi.Alloc(4)));
        Assert.Equal(Errno.Fault, _wasi.Call("fd_readdir", WasiHarness.RootFd, (ulong)_wasi.Memory.Size - 10, 64, 0, _wasi.Alloc(4)));
    }

    private (List<Entry> Entries, uint Used) ReadDir(uint fd, int size, ulong cookie)
    {
        var buffer = _wasi.Alloc(size);
        var result = _wasi.Alloc(4);
        Assert.Equal(Errno.Success, _wasi.Call("fd_readdir", fd, buffer, (uint)size, cookie, result));
        var used = _wasi.U32(result);
        var entries = new List<Entry>();
        for (uint offset = 0; offset + 24 <= used;)
        {
            var nameLength = _wasi.U32(buffer + offset + 16);
            if (offset + 24 + nameLength > used) break; // cut short: read again with a bigger buffer
            entries.Add(new Entry(
                _wasi.U64(buffer + offset), _wasi.U64(buffer + offset + 8),
                Encoding.UTF8.GetString(_wasi.Bytes(buffer + offset + 24, (int)nameLength)),
                (FileType)_wasi.Memory.Bytes[buffer + offset + 20]));
            offset += 24 + nameLength;
        }

        return (entries, used);
    }
}
