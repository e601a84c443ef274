using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;
using System.Text;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests;

/// <summary>
/// Runs the real install.sh in its no-systemd mode (no root, no apt, no service) into a temp folder,
/// then starts the installed program. The first-install test builds the box from a copy of the sources;
/// the upgrade and uninstall tests install from one bundle (--bundle, then --from-bundle) built once per
/// run, since each build from source takes a minute or two.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class InstallScriptTests : IDisposable
{
    private static readonly TimeSpan HealthDeadline = TimeSpan.FromSeconds(60);

    private readonly string _root = RepoPaths.Root;
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "hometelco-install-" + Guid.NewGuid().ToString("N"));
    private readonly List<Process> _started = [];

    public InstallScriptTests() => Directory.CreateDirectory(_tmp);

    private string Prefix => Path.Combine(_tmp, "opt");

    private string Data => Path.Combine(_tmp, "data");

    public void Dispose()
    {
        foreach (var process in _started)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_tmp, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning rather than failing a test that passed.
        }
    }

    [Fact]
    public async Task Install_NoSystemd_InstalledBoxServesHealthzAndWritesPrivateSetupCode()
    {
        var install = await RunScriptAsync("--prefix", Prefix, "--data", Data, "--no-systemd", "--no-deps");
        Assert.True(install.ExitCode == 0, install.ToString());

        var program = Path.Combine(Prefix, "hometelco");
        Assert.True(File.Exists(program), $"{program} is missing.\n{install}");
        Assert.True(File.GetUnixFileMode(program).HasFlag(UnixFileMode.UserExecute), $"{program} is not executable.");
        Assert.True(File.Exists(Path.Combine(Prefix, "run.sh")), install.ToString());

        var port = BoxProcess.FreePort();
        var output = new StringBuilder();
        var box = Start(program, output, "run", "--data", Data, "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--https-port", "0", "--sip-port", "0", "--listen", "127.0.0.1");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var healthy = await PollAsync(
            async () =>
            {
                Assert.False(box.HasExited, $"hometelco exited with {(box.HasExited ? box.ExitCode : 0)} before /healthz answered:\n{Snapshot(output)}");
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            HealthDeadline);
        Assert.True(healthy, $"/healthz did not answer 200 within {HealthDeadline.TotalSeconds} s:\n{Snapshot(output)}");

        var codeFile = Path.Combine(Data, "setup-code");
        Assert.True(await PollAsync(() => Task.FromResult(File.Exists(codeFile)), TimeSpan.FromSeconds(10)), $"{codeFile} was not written:\n{Snapshot(output)}");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(codeFile));
    }

    [Fact]
    public async Task Install_RunAgain_UpgradesInPlaceAndKeepsData()
    {
        var bundle = await InstallScript.BundleAsync();
        var first = await RunScriptAsync("--from-bundle", bundle, "--prefix", Prefix, "--data", Data, "--no-systemd", "--no-deps", "--http-port", "18080");
        Assert.True(first.ExitCode == 0, first.ToString());
        var kept = Path.Combine(Data, "keep-me.txt");
        await File.WriteAllTextAsync(kept, "precious");

        var second = await RunScriptAsync("--from-bundle", bundle, "--prefix", Prefix, "--data", Data, "--no-systemd", "--no-deps");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("installing the", second.StdOut + second.StdErr, StringComparison.Ordinal);
        Assert.Equal("precious", await File.ReadAllTextAsync(kept));
        Assert.True(File.Exists(Path.Combine(Prefix, "hometelco")));
        Assert.False(Directory.Exists(Prefix + ".old"), "the previous version should be gone after a good upgrade");
        Assert.False(Directory.Exists(Prefix + ".new"), "the staging folder should be gone");
        // The port given at the first install is remembered by the upgrade.
        Assert.Contains("--http-port 18080", await File.ReadAllTextAsync(Path.Combine(Prefix, "run.sh")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstall_NoSystemd_RemovesProgramAndKeepsData()
    {
        var install = await RunScriptAsync("--from-bundle", await InstallScript.BundleAsync(), "--prefix", Prefix, "--data", Data, "--no-systemd", "--no-deps");
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.True(File.Exists(Path.Combine(Prefix, "hometelco")), install.ToString());
        var kept = Path.Combine(Data, "keep-me.txt");
        await File.WriteAllTextAsync(kept, "precious");

        var uninstall = await RunScriptAsync("--uninstall", "--no-systemd", "--prefix", Prefix);

        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.False(Directory.Exists(Prefix), $"{Prefix} should be gone.\n{uninstall}");
        Assert.Equal("precious", await File.ReadAllTextAsync(kept));
    }

    [Fact]
    public async Task Install_UnknownOption_ExitsNonZeroNamingIt()
    {
        var result = await RunScriptAsync("--bogus");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--bogus", result.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Prefix));
    }

    [Fact]
    public async Task ShellScripts_Shellcheck_Clean()
    {
        var info = new ProcessStartInfo("shellcheck") { WorkingDirectory = _root, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var script in new[] { "install.sh", ".ci/run", "bench/startup/run.sh" })
        {
            info.ArgumentList.Add(script);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("shellcheck is missing: bash .ci/run installs it", ex);
        }

        using var _ = process;
        var findings = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, findings);
    }

    [Fact]
    public async Task PrintUnit_LowPort_HardenedUnitWithOnlyTheBindCapability()
    {
        var result = await RunScriptAsync("--print-unit", "--prefix", Prefix, "--data", Data, "--http-port", "80", "--https-port", "0");

        Assert.Equal(0, result.ExitCode);
        var unit = result.StdOut;
        foreach (var line in new[]
        {
            "User=hometelco", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
            $"ReadWritePaths={Data}", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK",
            "CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "AmbientCapabilities=CAP_NET_BIND_SERVICE",
            $"ExecStart={Prefix}/hometelco run --data {Data} --http-port 80 --https-port 0",
        })
        {
            Assert.Contains(line + "\n", unit, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("MemoryDenyWriteExecute=yes", unit, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Prefix));
    }

    [Fact]
    public async Task PrintUnit_HighPorts_NoCapabilityAtAll()
    {
        var result = await RunScriptAsync("--print-unit", "--prefix", Prefix, "--data", Data);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("CapabilityBoundingSet=\n", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("AmbientCapabilities=\n", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("--http-port 8080 --https-port 8443", result.StdOut, StringComparison.Ordinal);
    }

    private Task<CommandResult> RunScriptAsync(params string[] args) => InstallScript.RunAsync(_tmp, args);

    private Process Start(string program, StringBuilder output, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = _tmp,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        _started.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(250);
        }

        return await condition();
    }
}
