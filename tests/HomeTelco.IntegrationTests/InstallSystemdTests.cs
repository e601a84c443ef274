using System.Diagnostics;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests;

/// <summary>
/// install.sh as a NAS owner runs it: as root on a Debian whose PID 1 is systemd (a container booted with systemd),
/// from a bundle. The box must run as its own unprivileged user under the hardened unit, come back by itself after a
/// reboot with its data, and go away on --uninstall leaving the data.
/// </summary>
public sealed class InstallSystemdTests
{
    private const string Data = "/var/lib/hometelco";

    [Fact]
    public async Task Installed_as_a_service_it_survives_a_reboot_and_uninstalls_keeping_its_data()
    {
        await using var box = await SystemdContainer.StartAsync(await InstallScript.BundleAsync());

        var install = await box.ExecAsync("bash", "/bundle/install.sh", "--no-deps");
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains("service is running and starts at boot", install.StdOut, StringComparison.Ordinal);
        await AssertServingAsync(box, "after the install");

        // The service's process runs as the system user, and only the owner can read the setup code.
        var user = await box.ExecAsync("bash", "-c", "ps -o user= -p \"$(systemctl show -p MainPID --value hometelco)\"");
        Assert.Equal("hometelco", user.StdOut.Trim());
        var code = await box.ExecAsync("stat", "-c", "%a %U", Data + "/setup-code");
        Assert.Equal("600 hometelco", code.StdOut.Trim());
        var hardening = await box.ExecAsync("systemctl", "show", "hometelco", "-p", "NoNewPrivileges", "-p", "ProtectSystem", "-p", "UnitFileState");
        Assert.Contains("NoNewPrivileges=yes", hardening.StdOut, StringComparison.Ordinal);
        Assert.Contains("ProtectSystem=strict", hardening.StdOut, StringComparison.Ordinal);
        Assert.Contains("UnitFileState=enabled", hardening.StdOut, StringComparison.Ordinal);
        var storeBefore = await box.ExecAsync("stat", "-c", "%i", Data + "/hometelco.db");

        await box.RebootAsync();

        await AssertServingAsync(box, "after a reboot");
        var storeAfter = await box.ExecAsync("stat", "-c", "%i", Data + "/hometelco.db");
        Assert.Equal(storeBefore.StdOut, storeAfter.StdOut);

        var uninstall = await box.ExecAsync("bash", "/opt/hometelco/install.sh", "--uninstall");
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.NotEqual(0, (await box.ExecAsync("systemctl", "is-active", "--quiet", "hometelco")).ExitCode);
        Assert.NotEqual(0, (await box.ExecAsync("test", "-e", "/etc/systemd/system/hometelco.service")).ExitCode);
        Assert.NotEqual(0, (await box.ExecAsync("test", "-e", "/opt/hometelco")).ExitCode);
        Assert.Equal(0, (await box.ExecAsync("test", "-f", Data + "/hometelco.db")).ExitCode);
    }

    /// <summary>The unit is active and the portal's /healthz answers 200 inside the container within a minute.</summary>
    private static async Task AssertServingAsync(SystemdContainer box, string when)
    {
        var clock = Stopwatch.StartNew();
        CommandResult? health = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            health = await box.ExecAsync("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "http://127.0.0.1:8080/healthz");
            if (health.StdOut == "200")
            {
                break;
            }

            await Task.Delay(500);
        }

        var journal = await box.ExecAsync("journalctl", "-u", "hometelco", "-n", "30", "--no-pager");
        Assert.True(health?.StdOut == "200", $"/healthz {when}: {health}\n{journal.StdOut}");
        Assert.Equal(0, (await box.ExecAsync("systemctl", "is-active", "--quiet", "hometelco")).ExitCode);
    }
}
