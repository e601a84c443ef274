using Microsoft.Extensions.Hosting;

namespace HomeTelco.Media.Streaming;

/// <summary>Runs the HLS and live sweeps on a timer and stops every ffmpeg when the box stops.</summary>
internal sealed class HlsSweeper(HlsStreamer streamer, Live.LiveStreamer live, StreamingOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await streamer.Sweep().ConfigureAwait(false);
                await live.Sweep().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            await streamer.DisposeAsync().ConfigureAwait(false);
            await live.DisposeAsync().ConfigureAwait(false);
        }
    }
}
