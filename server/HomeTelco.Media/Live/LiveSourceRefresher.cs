using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Media.Live;

/// <summary>Fetches IPTV playlists and guides given as URLs again when they are due (every 12 h), checking once an hour.</summary>
internal sealed class LiveSourceRefresher(LiveSourceService sources, TimeProvider time, ILogger<LiveSourceRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sources.RefreshDueAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(CheckInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A store hiccup must not stop refreshing for good; the next round retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.LiveRefreshFailed(logger, ex);
                await Task.Delay(CheckInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
