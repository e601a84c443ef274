using System.Globalization;
using System.IO.MemoryMappedFiles;
using HomeTelco.Core.Profiles;

namespace HomeTelco.Core.Tests.Profiles;

public sealed class StartupPagesTests
{
    // Lines as the kernel writes them: anonymous memory, a file, the kernel's own entries, the runtime's memfd, a
    // deleted file, and a path with a space in it.
    private const string Maps = """
        5581a1a00000-5581a1a21000 r--p 00000000 fd:01 1049310                    /opt/hometelco/hometelco
        7f2a9d060000-7f2a9d8c0000 r-xp 00000000 fd:01 1049411                    /opt/hometelco/System.Private.CoreLib.dll
        7f2a9d8c0000-7f2a9d8c2000 rw-p 00000000 00:00 0
        7f2b00000000-7f2b00400000 rw-s 00000000 00:01 2048                       /memfd:doublemapper (deleted)
        7f2b10000000-7f2b10001000 r--p 00000000 fd:01 1049999                    /opt/hometelco/old.dll (deleted)
        7f2b20000000-7f2b20002000 r--p 00000000 fd:01 1050000                    /srv/my media/box.dll
        7ffc8e4d2000-7ffc8e4f3000 rw-p 00000000 00:00 0                          [stack]
        7ffc8e5f0000-7ffc8e5f2000 r-xp 00000000 00:00 0                          [vdso]
        """;

    [Theory]
    [InlineData("Name:\tdotnet\nVmRSS:\t   68464 kB\nRssAnon:\t   22816 kB\nRssFile:\t   31032 kB\nRssShmem:\t   14616 kB\n", 31032)]
    [InlineData("Name:\tdotnet\nVmRSS:\t   68464 kB\n", -1)]
    [InlineData("RssFile:\t lots kB\n", -1)]
    public void FileResidentKb_ReadsRssFile(string status, long expected) =>
        Assert.Equal(expected, StartupPages.FileResidentKb(status));

    [Fact]
    public void FileResidentKb_OfThisProcess_IsItsMappedCode()
    {
        // The test host maps CoreLib and the runtime: megabytes of file pages, fewer than the whole resident set.
        var kb = StartupPages.FileResidentKb();
        Assert.InRange(kb, 1024, Environment.WorkingSet / 1024);
    }

    [Fact]
    public void FileRanges_KeepsRealFilesOnly()
    {
        var ranges = StartupPages.FileRanges(Maps);

        Assert.Equal(
            [
                new MappedRange(unchecked((nint)0x5581a1a00000), 0x21000),
                new MappedRange(unchecked((nint)0x7f2a9d060000), 0x860000),
                new MappedRange(unchecked((nint)0x7f2b20000000), 0x2000),
            ],
            ranges);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("zz-7f00 r--p 00000000 fd:01 1 /x.dll")]
    [InlineData("7f00-7e00 r--p 00000000 fd:01 1 /x.dll")]
    [InlineData("7f00-7f10 r--p 00000000 fd:01 1")]
    public void FileRanges_MalformedLines_Skipped(string maps) =>
        Assert.Empty(StartupPages.FileRanges(maps));

    [Fact]
    public void Release_DropsTheResidentPagesOfAFileOnlyThisProcessMaps()
    {
        // On disk beside the test binaries, not in a tmpfs whose pages could not be dropped without swap.
        var path = Path.Combine(AppContext.BaseDirectory, $"startup-pages-{Guid.NewGuid():N}.bin");
        const int Size = 4 * 1024 * 1024;
        try
        {
            // Written through to disk first: a page still dirty from the write is not dropped until written back.
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(new byte[Size]);
                file.Flush(flushToDisk: true);
            }

            using var mapped = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            using var view = mapped.CreateViewAccessor(0, Size, MemoryMappedFileAccess.Read);
            var sum = 0;
            for (var offset = 0; offset < Size; offset += 4096)
            {
                sum += view.ReadByte(offset);
            }

            Assert.Equal(0, sum);
            Assert.True(ResidentKilobytesOf(path) >= 3 * 1024, "every page of the file was read through the mapping");

            var released = StartupPages.Release();

            Assert.True(released.Supported, "this machine's kernel (5.4 or later) knows MADV_PAGEOUT");
            Assert.True(released.Mappings > 0);
            Assert.True(ResidentKilobytesOf(path) < 512, $"{ResidentKilobytesOf(path)} KiB of the file still resident");

            // A page given back is read again from the file when it is touched.
            Assert.Equal(0, view.ReadByte(Size - 1));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static long ResidentKilobytesOf(string path)
    {
        long kilobytes = 0;
        var inMapping = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            // A mapping's header starts with its address range; its fields ("Rss:", ...) follow it.
            var first = line.AsSpan(0, Math.Max(0, line.IndexOf(' ', StringComparison.Ordinal)));
            if (first.Contains('-') && !first.EndsWith(':'))
            {
                inMapping = line.EndsWith(path, StringComparison.Ordinal);
            }
            else if (inMapping && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                kilobytes += long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        return kilobytes;
    }
}
