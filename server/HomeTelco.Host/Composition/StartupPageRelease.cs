using HomeTelco.Core.Profiles;
using HomeTelco.Host.Configuration;
using HomeTelco.Host.Observability;

namespace HomeTelco.Host.Composition;

/// <summary>
/// Once the box has started and its engines have done their start-up work, drops the pages of its files from memory
/// (<see cref="StartupPages"/>): code that runs again is read back, code that only start-up ran (15–20 MB once the
/// box has settled) stays out. Afterwards it reads the file-backed resident size at a steady interval and releases
/// again what a burst of activity read back once the burst is over (<see cref="ActivityPageRelease"/>), so an owner
/// who looked at the portal does not leave the box 20 MB heavier for good. Each release first collects the garbage
/// left behind, giving the heap's free memory back too. Both the collection and the code read back afterwards stop the
/// box for tens of milliseconds, so a release waits for a moment the box is not busy (<see cref="CpuLoad"/>).
/// </summary>
internal sealed class StartupPageRelease(IHostApplicationLifetime lifetime, BoxOptions options, RequestCounter requests, TimeProvider time, ILogger<StartupPageRelease> logger) : BackgroundService
{
    // Long enough to see a burst of calls or a stream, short enough that a release is not made on stale news.
    private static readonly TimeSpan LoadWindow = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ReleaseStartupPagesAfterSeconds == 0 || !OperatingSystem.IsLinux())
        {
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }

        // The engines' first scans, file checks and tier-up compilations run in the first seconds after start.
        await Task.Delay(TimeSpan.FromSeconds(options.ReleaseStartupPagesAfterSeconds), time, stoppingToken).ConfigureAwait(false);
        var share = await ShareOfCoreAsync(stoppingToken).ConfigureAwait(false);
        if (CpuLoad.IsBusy(share))
        {
            Log.StartupPagesPostponed(logger, (int)Math.Round(share * 100));
            while (CpuLoad.IsBusy(share))
            {
                share = await ShareOfCoreAsync(stoppingToken).ConfigureAwait(false);
            }
        }

        if (TryRelease() is not { Supported: true } released)
        {
            return;
        }

        Log.StartupPagesReleased(logger, released.Mappings, released.ResidentBeforeKb / 1024, released.ResidentAfterKb / 1024);
        if (options.ReleasePagesAfterGrowthMb == 0 || options.PageCheckSeconds == 0)
        {
            return;
        }

        var policy = new ActivityPageRelease(options.ReleasePagesAfterGrowthMb * 1024L, StartupPages.FileResidentKb());
        var used = requests.Used;
        using var checks = new PeriodicTimer(TimeSpan.FromSeconds(options.PageCheckSeconds), time);
        while (await checks.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var before = StartupPages.FileResidentKb();
            var usedBefore = used;
            used = requests.Used;
            if (!policy.ShouldRelease(before, used != usedBefore))
            {
                continue;
            }

            if (CpuLoad.IsBusy(await ShareOfCoreAsync(stoppingToken).ConfigureAwait(false)))
            {
                // Asked again at the next check, which sees the same growth if the box has gone quiet by then.
                continue;
            }

            var idleLevel = policy.IdleLevelKb;
            if (TryRelease() is not { Supported: true })
            {
                return;
            }

            var after = StartupPages.FileResidentKb();
            policy.Released(after);
            Log.ActivityPagesReleased(logger, before / 1024, after / 1024, idleLevel < 0 ? "an amount not learned yet" : $"{idleLevel / 1024} MiB");
        }
    }

    /// <summary>The process's CPU use over the next <see cref="LoadWindow"/>, as a share of one core.</summary>
    private async Task<double> ShareOfCoreAsync(CancellationToken cancellationToken)
    {
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var start = time.GetTimestamp();
        await Task.Delay(LoadWindow, time, cancellationToken).ConfigureAwait(false);
        return CpuLoad.ShareOfCore(Environment.CpuUsage.TotalTime - cpuBefore, time.GetElapsedTime(start));
    }

    private StartupPagesRelease? TryRelease()
    {
        // The garbage of start-up or of the burst sits in the young generation until the next collection, which an
        // idle box may not need for minutes; an aggressive collection frees it and gives the GC's free memory back to
        // the system (about 2 MB of private memory at the start-up release). One full collection of a small heap, at a
        // moment nothing is busy.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        try
        {
            var released = StartupPages.Release();
            if (!released.Supported)
            {
                Log.StartupPagesUnsupported(logger);
            }

            return released;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.StartupPagesFailed(logger, ex.Message);
            return null;
        }
    }
}
