using System.Diagnostics;
using System.Globalization;

namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>
/// A private network namespace for tests whose peers refuse to run on loopback alone (baresip wants a real interface
/// for media): loopback plus a veth pair with <see cref="Address"/> on <see cref="Interface"/>. Nothing sent in it can
/// leave the machine. A holder process (<c>unshare -n</c>, then <c>sleep</c>) keeps it alive for at most the lifetime
/// given, so a crashed test cannot leave it behind for long; processes join it with <c>nsenter</c>.
/// </summary>
public sealed class NetNamespace : IAsyncDisposable
{
    public const string Address = "10.213.0.1";
    public const string Interface = "ht0";

    private const string Setup =
        "set -e; ip link set lo up; ip link add ht0 type veth peer name ht1; ip addr add 10.213.0.1/24 dev ht0; " +
        "ip link set ht0 up; ip link set ht1 up; echo ready; exec sleep \"$1\"";

    private readonly Process _holder;

    private NetNamespace(Process holder)
    {
        _holder = holder;
    }

    /// <summary>The process holding the namespace open: <c>/proc/&lt;id&gt;/ns/net</c> names it for setns.</summary>
    public int HolderProcessId => _holder.Id;

    /// <summary>Creates the namespace; it ends when disposed or after <paramref name="lifetime"/>, whichever is first.</summary>
    public static async Task<NetNamespace> CreateAsync(TimeSpan lifetime)
    {
        var info = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-n", "sh", "-c", Setup, "netns", ((int)lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        Process holder;
        try
        {
            holder = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("unshare (util-linux) is missing", ex);
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            var line = await holder.StandardOutput.ReadLineAsync(deadline.Token);
            if (line == "ready")
            {
                return new NetNamespace(holder);
            }
        }
        catch (OperationCanceledException)
        {
        }

        holder.Kill(entireProcessTree: true);
        var error = await holder.StandardError.ReadToEndAsync();
        holder.Dispose();
        throw new InvalidOperationException("Could not create a network namespace (needs root, unshare and ip from iproute2): " + error);
    }

    /// <summary>Starts <paramref name="file"/> inside the namespace with stdin, stdout and stderr redirected.</summary>
    public Process Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        // nsenter joins the namespace and then execs the program: the process id is the program's own.
        var info = new ProcessStartInfo("nsenter")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-t", _holder.Id.ToString(CultureInfo.InvariantCulture), "-n", "--", file }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    /// <summary>Runs a short command inside the namespace (30 s at most) and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var result = await CommandRun.RunAsync(
            "nsenter", ["-t", _holder.Id.ToString(CultureInfo.InvariantCulture), "-n", "--", file, .. args], TimeSpan.FromSeconds(30));
        return (result.ExitCode, result.StdOut + result.StdErr);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_holder.HasExited)
            {
                _holder.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _holder.WaitForExitAsync(wait.Token);
            }
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            _holder.Dispose();
        }
    }
}
