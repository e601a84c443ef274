using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.Security;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;
using HomeTelco.Core.Users;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Sip;

/// <summary>
/// The real box process inside a <see cref="NetNamespace"/>, listening on the namespace's address, with extensions and
/// an API token put into its store before it starts. The API is reached with curl inside the namespace.
/// </summary>
internal sealed class NamespacedBox : IAsyncDisposable
{
    private readonly NetNamespace _namespace;
    private Process _process;
    private readonly TempFolder _data;
    private readonly string _token;

    private NamespacedBox(NetNamespace ns, Process process, TempFolder data, string token, int sipPort, int httpPort)
    {
        _namespace = ns;
        _process = process;
        _data = data;
        _token = token;
        SipPort = sipPort;
        HttpPort = httpPort;
        Output = new ProcessOutput(process);
    }

    /// <summary>What the box printed since its last start.</summary>

    public int SipPort { get; }

    public int HttpPort { get; }

    /// <summary>What the box printed since its last start.</summary>
    public ProcessOutput Output { get; private set; }

    /// <summary>Starts a box whose store holds an admin, an API token and the extensions given (number → password).</summary>
    public static async Task<NamespacedBox> StartAsync(NetNamespace ns, IReadOnlyDictionary<string, string> extensions)
    {
        var data = new TempFolder();
        string token;
        using (var store = HomeStore.Open(data.Path))
        {
            var time = TimeProvider.System;
            var users = new UserService(store, time);
            users.Add("admin", "correct horse battery staple", UserRole.Admin);
            token = new ApiTokenService(store, users, time).Create("admin", "sip tests").Token;
            var service = new ExtensionService(store, new SettingsStore(store), time);
            foreach (var (number, password) in extensions)
            {
                service.Create(number, "Phone " + number, password);
            }
        }

        var sipPort = BoxProcess.FreePort();
        var httpPort = BoxProcess.FreePort();
        var box = new NamespacedBox(ns, Launch(ns, data.Path, sipPort, httpPort), data, token, sipPort, httpPort);
        try
        {
            await box.WaitUntilListeningAsync();
        }
        catch
        {
            await box.DisposeAsync();
            throw;
        }

        return box;
    }

    /// <summary>Stops the box with SIGTERM (a clean shutdown, as systemd does) and starts it again on the same data and ports.</summary>
    public async Task RestartAsync()
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }

        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await _process.WaitForExitAsync(wait.Token);
        }

        Assert.True(_process.ExitCode == 0, Output.Text);
        _process.Dispose();
        _process = Launch(_namespace, _data.Path, SipPort, HttpPort);
        Output = new ProcessOutput(_process);
        await WaitUntilListeningAsync();
    }

    private static Process Launch(NetNamespace ns, string dataDir, int sipPort, int httpPort)
    {
        var process = ns.Start(PublishedBox.Executable, [
            "run", "--data", dataDir, "--http-port", httpPort.ToString(CultureInfo.InvariantCulture), "--https-port", "0",
            "--sip-port", sipPort.ToString(CultureInfo.InvariantCulture), "--listen", NetNamespace.Address]);
        process.StandardInput.Close();
        return process;
    }

    private async Task WaitUntilListeningAsync()
    {
        await Output.WaitForAsync("Application started", TimeSpan.FromSeconds(60), "box");
        await Output.WaitForAsync("SIP listening", TimeSpan.FromSeconds(10), "box");
    }

    /// <summary>GET /api/calls from inside the namespace.</summary>
    public async Task<JsonElement> CallsAsync()
    {
        var (exit, output) = await _namespace.RunAsync(
            "curl", "-sS", "--max-time", "10", "-H", "Authorization: Bearer " + _token, $"http://{NetNamespace.Address}:{HttpPort}/api/calls");
        Assert.True(exit == 0, output);
        return JsonDocument.Parse(output).RootElement;
    }

    /// <summary>Polls the call log until <paramref name="done"/> holds for the newest record, within <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> WaitForCallAsync(Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement calls;
        do
        {
            calls = await CallsAsync();
            if (calls.GetArrayLength() > 0 && done(calls[0]))
            {
                return calls[0];
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"No finished call record within {timeout.TotalSeconds} s: {calls}\nBox output:\n{Output.Text}");
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
        }
        finally
        {
            _process.Dispose();
            _data.Dispose();
        }
    }
}
