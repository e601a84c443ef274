namespace HomeTelco.Torrent.Trackers;

/// <summary>
/// What we tell a tracker about ourselves for one swarm. Byte counts are totals since the <c>started</c> event;
/// <see cref="Key"/> is a per-session random number that lets a tracker recognise us across address changes.
/// </summary>
internal sealed record AnnounceRequest
{
    /// <summary>Peers we ask for when the caller does not say.</summary>
    public const int DefaultNumWant = 50;

    public AnnounceRequest(InfoHash infoHash, ReadOnlyMemory<byte> peerId, int port)
    {
        if (peerId.Length != 20)
        {
            throw new ArgumentException("A peer id is exactly 20 bytes.", nameof(peerId));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        InfoHash = infoHash;
        PeerId = peerId;
        Port = port;
    }

    public InfoHash InfoHash { get; }

    /// <summary>Our 20-byte peer id.</summary>
    public ReadOnlyMemory<byte> PeerId { get; }

    /// <summary>The port peers should connect to.</summary>
    public int Port { get; }

    public long Uploaded { get; init; }

    public long Downloaded { get; init; }

    /// <summary>Bytes still to download; 0 makes us a seeder in the tracker's counts.</summary>
    public long Left { get; init; }

    public TrackerEvent Event { get; init; }

    /// <summary>How many peers we want; 0 for a stopped announce.</summary>
    public int NumWant { get; init; } = DefaultNumWant;

    public uint Key { get; init; }

    /// <summary>The "tracker id" the tracker gave us last time (HTTP only), echoed back.</summary>
    public string? TrackerId { get; init; }
}
