using System.Net;

namespace HomeTelco.Torrent.Trackers;

/// <summary>What one pass over a torrent's trackers gave: the tracker that answered (if any) and its peers.</summary>
internal sealed record TrackerAnnounceOutcome(ITrackerClient? Tracker, AnnounceResponse? Response, DateTimeOffset NextAnnounceAt)
{
    public bool Succeeded => Response is not null;

    public IReadOnlyList<IPEndPoint> Peers => Response?.Peers ?? [];
}
