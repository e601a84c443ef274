using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>
/// The real, built box running as its own process with a fresh data folder and a free HTTP port:
/// what an owner gets from <c>hometelco run</c>, without WebApplicationFactory's in-process shortcuts.
/// Disposing kills the process tree and deletes the data folder.
/// </summary>
public sealed class BoxProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();

    private BoxProcess(Process process, string dataDir, int port)
    {
        _process = process;
        DataDir = dataDir;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseUrl { get; }

    /// <summary>The box's process id, to read its memory from /proc.</summary>
    public int ProcessId => _process.Id;

    public string DataDir { get; }

    /// <summary>Leave the data folder for a restart test (its owner deletes it).</summary>
    public bool KeepDataOnDispose { get; set; }

    /// <summary>Everything the box wrote to stdout and stderr so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    public static Task<BoxProcess> StartAsync(CancellationToken cancellationToken = default) => StartAsync(null, [], cancellationToken);

    /// <summary>Starts a box on <paramref name="dataDir"/> (a new temp folder when null) with extra options that override the defaults.</summary>
    public static Task<BoxProcess> StartAsync(string? dataDir, IReadOnlyList<string> extraArgs, CancellationToken cancellationToken = default) =>
        StartAsync(PublishedBox.Executable, dataDir, extraArgs, cancellationToken);

    /// <summary>The same with another build of the box than the shared published one.</summary>
    public static async Task<BoxProcess> StartAsync(string executable, string? dataDir, IReadOnlyList<string> extraArgs, CancellationToken cancellationToken = default)
    {
        dataDir ??= Directory.CreateTempSubdirectory("hometelco-box-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "run", "--data", dataDir, "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--https-port", "0", "--sip-port", "0", "--sips-port", "0", "--torrent-port", "0", "--Torrent:Dht", "false", "--Torrent:Lsd", "false", "--listen", "127.0.0.1" }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var box = new BoxProcess(process, dataDir, port);
        process.OutputDataReceived += (_, e) => box.Append(e.Data);
        process.ErrorDataReceived += (_, e) => box.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await box.WaitHealthyAsync(cancellationToken);
        }
        catch
        {
            await box.DisposeAsync();
            throw;
        }

        return box;
    }

    /// <summary>The one-time setup code the box wrote into its data folder.</summary>
    public string ReadSetupCode() => File.ReadAllText(Path.Combine(DataDir, "setup-code")).Trim();

    /// <summary>
    /// Stops the box the way a service manager does (SIGTERM: the host shuts down in order, engines flush their
    /// state) and waits for it to exit. Returns the exit code; the data folder stays until disposal.
    /// </summary>
    public async Task<int> StopGracefullyAsync()
    {
        var signal = new ProcessStartInfo("kill") { UseShellExecute = false };
        signal.ArgumentList.Add("-TERM");
        signal.ArgumentList.Add(_process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var kill = Process.Start(signal) ?? throw new InvalidOperationException("kill is missing"))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>
    /// Ends the box the way a power cut or the OOM killer does: SIGKILL, no shutdown code runs. Waits for it to be
    /// gone and keeps the data folder, so a new box can be started on it.
    /// </summary>
    public async Task KillHardAsync()
    {
        KeepDataOnDispose = true;
        _process.Kill(entireProcessTree: true);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(wait.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            _process.Dispose();
        }

        if (KeepDataOnDispose)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is swept eventually.
        }
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartDeadline;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The box exited with code {_process.ExitCode} before it was healthy:\n{Output}");
            }

            try
            {
                // Kestrel serves each listener as soon as it is bound, so /healthz on HTTP can answer while HTTPS is
                // still binding; the host logs "Application started" only once every listener is up.
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK && Output.Contains("Application started", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One slow answer while starting; keep polling until the deadline.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        throw new TimeoutException($"The box was not healthy within {StartDeadline.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>
    /// A port free on loopback now and never handed out before in this test run: the kernel may give the
    /// same just-released port to two calls in a row, and one box would then get it for two listeners.
    /// </summary>
    internal static int FreePort()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port;
            try
            {
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }

            lock (HandedOutLock)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("no fresh loopback port after 100 tries");
    }

    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock HandedOutLock = new();
}
