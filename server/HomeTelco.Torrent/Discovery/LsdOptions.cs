using System.Net;

namespace HomeTelco.Torrent.Discovery;

/// <summary>
/// Where and how often local service discovery speaks. The groups are BEP 14's by default; tests give their own group,
/// port and interface (loopback) so nothing reaches a real network.
/// </summary>
internal sealed record LsdOptions
{
    /// <summary>BEP 14's IPv4 group.</summary>
    public static readonly IPEndPoint DefaultGroup = new(IPAddress.Parse("239.192.152.143"), 6771);

    /// <summary>BEP 14's IPv6 group (site-local scope).</summary>
    public static readonly IPEndPoint DefaultGroup6 = new(IPAddress.Parse("ff15::efc0:988f"), 6771);

    public IPEndPoint Group { get; init; } = DefaultGroup;

    /// <summary>Null to stay on IPv4 only.</summary>
    public IPEndPoint? Group6 { get; init; } = DefaultGroup6;

    /// <summary>The IPv4 address of the interface to join and send on; null lets the kernel choose by its routes.</summary>
    public IPAddress? InterfaceAddress { get; init; }

    /// <summary>BEP 14: one announce per torrent per 5 minutes at most.</summary>
    public TimeSpan AnnounceInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Hashes carried by one outgoing datagram (BEP 14 allows several; the datagram must stay small).</summary>
    public int MaxInfoHashesPerAnnounce { get; init; } = 20;

    /// <summary>Datagrams accepted from one source address per minute; the rest are dropped unread.</summary>
    public int MaxDatagramsPerSourcePerMinute { get; init; } = 10;

    /// <summary>Source addresses tracked per minute; datagrams from further sources wait for the next minute.</summary>
    public int MaxSourcesPerMinute { get; init; } = 256;

    /// <summary>Torrents announced at most; the engine's own limit on torrents is lower.</summary>
    public int MaxTorrents { get; init; } = 10_000;

    /// <summary>Hops an announce may take: 1 keeps it on the local link.</summary>
    public int TimeToLive { get; init; } = 1;
}
