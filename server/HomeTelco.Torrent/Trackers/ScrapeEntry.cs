namespace HomeTelco.Torrent.Trackers;

/// <summary>A tracker's counts for one swarm: seeders, total completed downloads, leechers.</summary>
internal readonly record struct ScrapeEntry(InfoHash InfoHash, int Complete, int Downloaded, int Incomplete);
