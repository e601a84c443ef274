using System.Globalization;

namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>
/// A pristine Debian bookworm booted with systemd as PID 1 in a Docker container, with no network but its own
/// loopback (so the box inside can reach no one), and an install bundle mounted read-only at /bundle. No registry is
/// reachable here, so the image is made once per machine with debootstrap and docker import. Needs dockerd running
/// (.ci/run starts it) and debootstrap.
/// </summary>
public sealed class SystemdContainer : IAsyncDisposable
{
    // Bump the tag when the package list changes, so machines that have the old image build the new one.
    private const string Image = "hometelco-systemd-test:bookworm-1";
    private const string Packages = "systemd,systemd-sysv,curl,ca-certificates,libssl3,libstdc++6,zlib1g,procps";
    private static readonly TimeSpan DockerTimeout = TimeSpan.FromMinutes(2);
    private static readonly SemaphoreSlim ImageGate = new(1, 1);

    private SystemdContainer(string name) => Name = name;

    public string Name { get; }

    /// <summary>Boots a new container with <paramref name="bundle"/> at /bundle and waits until systemd is up.</summary>
    public static async Task<SystemdContainer> StartAsync(string bundle)
    {
        await EnsureImageAsync();
        var container = new SystemdContainer("hometelco-systemd-" + Guid.NewGuid().ToString("N")[..12]);
        await DockerAsync(
            "run", "-d", "--name", container.Name, "--network", "none", "--tmpfs", "/run", "--tmpfs", "/run/lock",
            "-v", "/sys/fs/cgroup:/sys/fs/cgroup:ro", "-v", bundle + ":/bundle:ro", Image, "/lib/systemd/systemd");
        try
        {
            await container.WaitForBootAsync();
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }

        return container;
    }

    /// <summary>Runs a command inside the container as root.</summary>
    public Task<CommandResult> ExecAsync(params string[] command) =>
        CommandRun.RunAsync("docker", ["exec", Name, .. command], TimeSpan.FromMinutes(5));

    /// <summary>Stops and starts the container: systemd shuts down and boots again, as a power cycle of the box would.</summary>
    public async Task RebootAsync()
    {
        await DockerAsync("restart", "-t", "30", Name);
        await WaitForBootAsync();
    }

    public async ValueTask DisposeAsync() => await CommandRun.RunAsync("docker", ["rm", "-f", Name], DockerTimeout);

    /// <summary>Polls until systemd reports the boot finished ("running", or "degraded" when some unit failed).</summary>
    private async Task WaitForBootAsync()
    {
        var last = "";
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var state = await CommandRun.RunAsync("docker", ["exec", Name, "systemctl", "is-system-running"], DockerTimeout);
            last = state.StdOut.Trim();
            if (last is "running" or "degraded")
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"systemd in {Name} did not finish booting within a minute: {last}");
    }

    private static async Task EnsureImageAsync()
    {
        var info = await CommandRun.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], DockerTimeout);
        if (info.ExitCode != 0)
        {
            throw new InvalidOperationException($"Docker is not running (start dockerd; .ci/run does):\n{info}");
        }

        await ImageGate.WaitAsync();
        try
        {
            if ((await CommandRun.RunAsync("docker", ["image", "inspect", Image], DockerTimeout)).ExitCode == 0)
            {
                return;
            }

            var root = Directory.CreateTempSubdirectory("hometelco-rootfs-").FullName;
            try
            {
                var made = await CommandRun.RunAsync("debootstrap", ["--variant=minbase", "--include=" + Packages, "bookworm", root], TimeSpan.FromMinutes(15));
                if (made.ExitCode != 0)
                {
                    throw new InvalidOperationException($"debootstrap could not make the Debian image:\n{made}");
                }

                var import = await CommandRun.RunAsync(
                    "bash", ["-c", "tar -C \"$1\" -c . | docker import - \"$2\"", "import", root, Image], TimeSpan.FromMinutes(5));
                if (import.ExitCode != 0)
                {
                    throw new InvalidOperationException($"docker import failed:\n{import}");
                }
            }
            finally
            {
                await CommandRun.RunAsync("rm", ["-rf", "--one-file-system", root], TimeSpan.FromMinutes(2));
            }
        }
        finally
        {
            ImageGate.Release();
        }
    }

    private static async Task DockerAsync(params string[] args)
    {
        var result = await CommandRun.RunAsync("docker", args, DockerTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"docker {args[0]} failed:\n{result}"));
        }
    }
}
