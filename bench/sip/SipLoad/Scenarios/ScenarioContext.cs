using System.Diagnostics;
using System.Text;

namespace SipLoad.Scenarios;

/// <summary>What every scenario needs to address the target and tell its own messages from an earlier run's.</summary>
internal sealed class ScenarioContext
{
    public ScenarioContext(string targetHost, int targetPort, TimeSpan timeout)
    {
        Domain = Encoding.ASCII.GetBytes(targetHost);
        TargetHostPort = Encoding.ASCII.GetBytes($"{targetHost}:{targetPort}");
        RunId = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next())));
        TimeoutTimestamp = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>The SIP domain of the phones' AoRs (the target's address).</summary>
    public byte[] Domain { get; }

    /// <summary>"127.0.0.1:5060": the target's address in request URIs.</summary>
    public byte[] TargetHostPort { get; }

    /// <summary>Random per process, in every branch and Call-ID, so answers meant for an earlier run never match.</summary>
    public byte[] RunId { get; }

    public long TimeoutTimestamp { get; }
}
