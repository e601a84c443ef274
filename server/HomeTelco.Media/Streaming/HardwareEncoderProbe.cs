using Microsoft.Extensions.Logging;

namespace HomeTelco.Media.Streaming;

/// <summary>
/// Picks the video encoder once per acceleration name: a one-frame test encode with the hardware
/// encoder the profile names; if that fails (no device, no driver, ffmpeg built without it) the box
/// falls back to libx264 and says so in the log.
/// </summary>
internal sealed class HardwareEncoderProbe(string ffmpegPath, string workDir, ILogger logger)
{
    private readonly Dictionary<string, Task<VideoEncoder>> _chosen = new(StringComparer.Ordinal);
    private readonly Lock _chosenLock = new();

    /// <summary>How many test encodes ran (a test checks the probe runs once).</summary>
    public int ProbeCount { get; private set; }

    public Task<VideoEncoder> ChooseAsync(string acceleration)
    {
        lock (_chosenLock)
        {
            if (!_chosen.TryGetValue(acceleration, out var task))
            {
                task = ProbeAsync(acceleration);
                _chosen[acceleration] = task;
            }

            return task;
        }
    }

    private async Task<VideoEncoder> ProbeAsync(string acceleration)
    {
        var hardware = VideoEncoder.Hardware(acceleration);
        if (hardware is null)
        {
            return VideoEncoder.Software;
        }

        ProbeCount++;
        Directory.CreateDirectory(workDir);
        var args = new List<string>(hardware.InputArguments);
        args.AddRange(["-f", "lavfi", "-i", "testsrc=size=320x240:rate=1", "-frames:v", "1"]);
        args.AddRange(hardware.OutputArguments(240));
        args.AddRange(["-f", "null", "-"]);
        var ffmpeg = FfmpegProcess.Start(ffmpegPath, args, workDir);
        await using (ffmpeg.ConfigureAwait(false))
        {
            var finished = await Task.WhenAny(ffmpeg.Exited, Task.Delay(TimeSpan.FromSeconds(15))).ConfigureAwait(false);
            if (finished == ffmpeg.Exited && ffmpeg.ExitCode == 0)
            {
                Log.HardwareEncoderChosen(logger, hardware.Name);
                return hardware;
            }

            Log.HardwareEncoderUnavailable(logger, acceleration, ffmpeg.LastErrors());
            return VideoEncoder.Software;
        }
    }
}
