using HomeTelco.Core.Profiles;
using HomeTelco.Host.Configuration;

namespace HomeTelco.Host.Composition;

/// <summary>
/// Once the box has started and its engines have done their start-up work, drops the pages of its files from memory
/// (<see cref="StartupPages"/>): code that runs again is read back, code that only start-up ran (15–20 MB once the
/// box has settled) stays out. Afterwards it reads the file-backed resident size at a steady interval and releases
/// again what a burst of activity read back once the burst is over (<see cref="ActivityPageRelease"/>), so an owner
/// who looked at the portal does not leave the box 20 MB heavier for good.
/// </summary>
internal sealed class StartupPageRelease(IHostApplicationLifetime lifetime, BoxOptions options, TimeProvider time, ILogger<StartupPageRelease> logger) : BackgroundService
{
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
        using var checks = new PeriodicTimer(TimeSpan.FromSeconds(options.PageCheckSeconds), time);
        while (await checks.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var before = StartupPages.FileResidentKb();
            if (!policy.ShouldRelease(before))
            {
                continue;
            }

            var settled = policy.SettledKb;
            if (TryRelease() is not { Supported: true })
            {
                return;
            }

            var after = StartupPages.FileResidentKb();
            policy.Released(after);
            Log.ActivityPagesReleased(logger, before / 1024, after / 1024, settled / 1024);
        }
    }

    private StartupPagesRelease? TryRelease()
    {
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
