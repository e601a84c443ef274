using System.Diagnostics;
using System.Runtime.InteropServices;

namespace HomeTelco.Media.Streaming;

/// <summary>
/// One running ffmpeg: started with an argument list (never a shell line), its last stderr lines kept
/// for error messages, paused and resumed with SIGSTOP/SIGCONT, and always killed and reaped on dispose,
/// so no zombie or orphan ffmpeg outlives its owner.
/// </summary>
internal sealed partial class FfmpegProcess : IAsyncDisposable
{
    private const int KeptErrorLines = 12;
    private const int SigStop = 19;
    private const int SigCont = 18;

    private readonly Process _process;
    private readonly Queue<string> _lastErrors = new();
    private readonly Lock _errorsLock = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private FfmpegProcess(Process process) => _process = process;

    /// <summary>Process id, for logs and for tests that look for leftover children.</summary>
    public int Id { get; private set; }

    /// <summary>Completes with the exit code when ffmpeg ends on its own or is killed.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>The exit code once ffmpeg has ended, otherwise null.</summary>
    public int? ExitCode => _exited.Task.IsCompletedSuccessfully ? _exited.Task.GetAwaiter().GetResult() : null;

    public bool IsPaused { get; private set; }

    /// <summary>Starts ffmpeg; throws <see cref="StreamingException"/> when it cannot be started at all.</summary>
    public static FfmpegProcess Start(string ffmpegPath, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(ffmpegPath)
        {
            RedirectStandardError = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add("-nostdin");
        info.ArgumentList.Add("-hide_banner");
        info.ArgumentList.Add("-loglevel");
        info.ArgumentList.Add("error");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var ffmpeg = new FfmpegProcess(process);
        process.ErrorDataReceived += (_, e) => ffmpeg.KeepError(e.Data);
        process.Exited += (_, _) => ffmpeg.OnExited();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new StreamingException(StreamingFailure.EncoderFailed, $"ffmpeg could not be started ({ffmpegPath}): {e.Message}");
        }

        ffmpeg.Id = process.Id;
        process.BeginErrorReadLine();
        return ffmpeg;
    }

    /// <summary>The last lines ffmpeg wrote to stderr, joined, for an error message.</summary>
    public string LastErrors()
    {
        lock (_errorsLock)
        {
            return string.Join(" | ", _lastErrors);
        }
    }

    /// <summary>Stops the process with SIGSTOP (throttling); no-op once exited.</summary>
    public void Pause()
    {
        if (!IsPaused && !HasExited && Signal(Id, SigStop) == 0)
        {
            IsPaused = true;
        }
    }

    /// <summary>Continues a paused process with SIGCONT.</summary>
    public void Resume()
    {
        if (IsPaused)
        {
            IsPaused = false;
            if (!HasExited)
            {
                _ = Signal(Id, SigCont);
            }
        }
    }

    /// <summary>Kills ffmpeg (and anything it started) and waits until it is reaped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!HasExited)
            {
                // A stopped process still dies of SIGKILL; SIGCONT first anyway so nothing waits on it.
                Resume();
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone between the check and the kill.
        }

        using var reap = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A process that survives SIGKILL for 10 s is in the kernel's hands; nothing more to do.
        }

        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Signal(int pid, int signal);

    private void KeepError(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_errorsLock)
        {
            if (_lastErrors.Count == KeptErrorLines)
            {
                _lastErrors.Dequeue();
            }

            _lastErrors.Enqueue(line.Length > 300 ? line[..300] : line);
        }
    }

    private void OnExited()
    {
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        _exited.TrySetResult(code);
    }
}
