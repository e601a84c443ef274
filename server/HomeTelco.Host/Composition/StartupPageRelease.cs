using HomeTelco.Core.Profiles;
using HomeTelco.Host.Configuration;

namespace HomeTelco.Host.Composition;

/// <summary>
/// Once the box has started and its engines have done their start-up work, drops the pages of its files from memory
/// (<see cref="StartupPages"/>): code that runs again is read back, code that only start-up ran (15–20 MB once the
/// box has settled) stays out.
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
        StartupPagesRelease released;
        try
        {
            released = StartupPages.Release();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.StartupPagesFailed(logger, ex.Message);
            return;
        }

        if (released.Supported)
        {
            Log.StartupPagesReleased(logger, released.Mappings, released.ResidentBeforeKb / 1024, released.ResidentAfterKb / 1024);
        }
        else
        {
            Log.StartupPagesUnsupported(logger);
        }
    }
}
