using System.Net;

namespace HomeTelco.Torrent.Trackers;

/// <summary>A tracker's successful answer to an announce.</summary>
internal sealed record AnnounceResponse
{
    /// <summary>Seconds the tracker wants between regular announces.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>The tracker's floor for announces made early (HTTP only).</summary>
    public TimeSpan? MinInterval { get; init; }

    /// <summary>Peers, IPv4 and IPv6 together, without duplicates and without port 0.</summary>
    public required IReadOnlyList<IPEndPoint> Peers { get; init; }

    /// <summary>Seeders in the swarm, when the tracker says.</summary>
    public int? Complete { get; init; }

    /// <summary>Leechers in the swarm, when the tracker says.</summary>
    public int? Incomplete { get; init; }

    public string? WarningMessage { get; init; }

    /// <summary>An opaque id to send back on the next announce to this tracker (HTTP only).</summary>
    public string? TrackerId { get; init; }
}
