namespace HomeTelco.Core.Phones;

/// <summary>What a phone needs to reach the box's SIP service, as the host was configured (for the Phones page's setup help).</summary>
/// <param name="SipPort">The UDP and TCP port phones register to, or 0 when SIP is turned off.</param>
public sealed record PhoneSetupFacts(int SipPort)
{
    /// <summary>The transports phones can use, in the order a phone should try them.</summary>
    public IReadOnlyList<string> Transports { get; } = ["UDP", "TCP"];

    public bool SipEnabled => SipPort != 0;
}
