using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace HomeTelco.Media.Scanning;

/// <summary>
/// Runs ffprobe or ffmpeg once, to completion, with a time limit and bounded output. On timeout or
/// cancellation the process (and anything it started) is killed and waited for, so none is left behind.
/// </summary>
internal static class ToolRun
{
    /// <summary>The outcome: exit code (-1 when it never ran or was killed), stdout bytes, the tail of stderr.</summary>
    internal sealed record Outcome(int ExitCode, byte[] Output, string Errors, bool TimedOut);

    public static async Task<Outcome> RunAsync(string executable, IReadOnlyList<string> arguments, TimeSpan timeout, int maxOutputBytes, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            if (!process.Start())
            {
                return new Outcome(-1, [], $"{executable} did not start.", false);
            }
        }
        catch (Win32Exception ex)
        {
            return new Outcome(-1, [], $"{executable} could not be started: {ex.Message}", false);
        }

        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var output = ReadBoundedAsync(process.StandardOutput.BaseStream, maxOutputBytes);
        var errors = ReadBoundedAsync(process.StandardError.BaseStream, 16 * 1024);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAll(output, errors).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return new Outcome(-1, [], "", TimedOut: true);
        }

        var stdout = await output.ConfigureAwait(false);
        var stderr = await errors.ConfigureAwait(false);
        return new Outcome(process.ExitCode, stdout, Encoding.UTF8.GetString(stderr).Trim(), false);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }
    }

    /// <summary>Reads a pipe to its end, keeping at most <paramref name="max"/> bytes (the rest is drained so the tool never blocks).</summary>
    private static async Task<byte[]> ReadBoundedAsync(Stream stream, int max)
    {
        var kept = new ArrayBufferWriter<byte>();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var room = max - kept.WrittenCount;
            if (room > 0)
            {
                kept.Write(buffer.AsSpan(0, Math.Min(room, read)));
            }
        }

        return kept.WrittenSpan.ToArray();
    }
}
