namespace HomeTelco.Torrent.Trackers.Udp;

/// <summary>Retransmission and size limits for BEP 15 exchanges.</summary>
internal sealed record UdpTrackerOptions
{
    public static UdpTrackerOptions Default { get; } = new();

    /// <summary>The first wait; BEP 15 doubles it after every retransmission (15·2^n s).</summary>
    public TimeSpan BaseTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The largest n in 15·2^n. BEP 15 allows 8 (over an hour for one announce); 3 gives up after 225 s in all, which
    /// keeps a dead tracker from holding a torrent's announce back while the tracker set tries the next one.
    /// </summary>
    public int MaxRetransmissions { get; init; } = 3;

    /// <summary>Peers taken from one reply; the rest are dropped.</summary>
    public int MaxPeers { get; init; } = 200;
}
