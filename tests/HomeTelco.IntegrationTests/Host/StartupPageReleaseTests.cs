using System.Net;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Host;

/// The published box gives back the pages only its start-up read, then those a burst of activity read back, and goes on serving.
public sealed class StartupPageReleaseTests
{
    [Fact]
    public async Task PublishedBox_ReleasesStartupPages_ThenWhatAPortalVisitReadBack()
    {
        await using var box = await BoxProcess.StartAsync(
            PrivateCopy(),
            null,
            ["--Memory:ReleaseStartupPagesAfterSeconds", "4", "--Memory:PageCheckSeconds", "2", "--Memory:ReleasePagesAfterGrowthMb", "4"]);
        var atReady = ResidentKilobytes(box);

        Assert.True(await LoggedAsync(box, "Start-up pages released"), box.Output);
        var afterRelease = ResidentKilobytes(box);

        // About 40 MB go on this machine; a fifth of that is a margin for what the box touches meanwhile.
        Assert.True(afterRelease < atReady - (8 * 1024), $"resident {atReady} KiB at ready, {afterRelease} KiB after the release");

        // The idle box settles (two quiet readings), then an owner looks at the portal: code paged out is read back
        // from disk, the pages answer, and once the visit is over what it read back is released again.
        await Task.Delay(TimeSpan.FromSeconds(8));
        using var http = new HttpClient { BaseAddress = box.BaseUrl };
        foreach (var page in new[] { "/healthz", "/setup", "/signin", "/_framework/blazor.web.js", "/openapi/v1.json" })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(page, UriKind.Relative))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/api/status", UriKind.Relative))).StatusCode);
        var afterVisit = ResidentKilobytes(box);
        Assert.True(await LoggedAsync(box, "Pages read back by activity released"), $"resident {afterVisit} KiB after the visit\n{box.Output}");
        var afterSecondRelease = ResidentKilobytes(box);
        Assert.True(afterSecondRelease < afterVisit - (4 * 1024), $"resident {afterVisit} KiB after the visit, {afterSecondRelease} KiB after the release");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/setup", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task BusyBox_PostponesTheStartupRelease_UntilItIsQuiet()
    {
        await using var box = await BoxProcess.StartAsync(null, ["--Memory:ReleaseStartupPagesAfterSeconds", "1"]);
        using var http = new HttpClient { BaseAddress = box.BaseUrl };
        using var load = new CancellationTokenSource();

        // Four clients asking as fast as the box answers keep it well above a quarter of a core.
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), CancellationToken.None);
            }
        })).ToArray();
        try
        {
            Assert.True(await LoggedAsync(box, "Start-up page release postponed", seconds: 20), box.Output);
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.DoesNotContain("Start-up pages released", box.Output, StringComparison.Ordinal);
        }
        finally
        {
            await load.CancelAsync();
            await Task.WhenAll(clients);
        }

        Assert.True(await LoggedAsync(box, "Start-up pages released", seconds: 30), box.Output);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    private static async Task<bool> LoggedAsync(BoxProcess box, string text, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!box.Output.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return box.Output.Contains(text, StringComparison.Ordinal);
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
