using System.Net;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Host;

/// The published box gives back the pages only its start-up read, and goes on serving afterwards.
public sealed class StartupPageReleaseTests
{
    [Fact]
    public async Task PublishedBox_ReleasesStartupPages_ResidentSetFallsAndTheBoxStillServes()
    {
        await using var box = await BoxProcess.StartAsync(PrivateCopy(), null, ["--Memory:ReleaseStartupPagesAfterSeconds", "4"]);
        var atReady = ResidentKilobytes(box);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!box.Output.Contains("Start-up pages released", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var afterRelease = ResidentKilobytes(box);
        Assert.True(box.Output.Contains("Start-up pages released", StringComparison.Ordinal), box.Output);

        // About 40 MB go on this machine; a fifth of that is a margin for what the box touches meanwhile.
        Assert.True(afterRelease < atReady - (8 * 1024), $"resident {atReady} KiB at ready, {afterRelease} KiB after the release");

        // Code paged out is read back from disk: the portal and the API still answer.
        using var http = new HttpClient { BaseAddress = box.BaseUrl };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/setup", UriKind.Relative))).StatusCode);
    }

    /// <summary>
    /// The published box copied to a folder of its own, written through to disk. The kernel only drops pages no other
    /// process maps, and other tests run boxes from the shared published folder at the same time; a page still dirty
    /// from the copy would not be dropped either.
    /// </summary>
    private static string PrivateCopy()
    {
        var source = Path.GetDirectoryName(PublishedBox.Executable)!;
        var folder = Directory.CreateTempSubdirectory("hometelco-private-box-").FullName;
        DeleteAtExit.Register(folder);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            using var written = new FileStream(target, FileMode.Open, FileAccess.ReadWrite);
            written.Flush(flushToDisk: true);
        }

        return Path.Combine(folder, Path.GetFileName(PublishedBox.Executable));
    }

    private static long ResidentKilobytes(BoxProcess box)
    {
        using var process = System.Diagnostics.Process.GetProcessById(box.ProcessId);
        return process.WorkingSet64 / 1024;
    }
}
