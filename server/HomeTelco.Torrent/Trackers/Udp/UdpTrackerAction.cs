namespace HomeTelco.Torrent.Trackers.Udp;

/// <summary>The action field of BEP 15 messages.</summary>
internal enum UdpTrackerAction
{
    Connect = 0,
    Announce = 1,
    Scrape = 2,
    Error = 3,
}
