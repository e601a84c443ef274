namespace HomeTelco.Torrent.Trackers;

/// <summary>Byte counts reported in an announce, read from the torrent at the moment it is sent.</summary>
internal readonly record struct TransferTotals(long Uploaded, long Downloaded, long Left);
