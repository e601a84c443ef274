using HomeTelco.Core.Profiles;

namespace HomeTelco.Torrent.Limits;

/// <summary>
/// How many peer connections the box holds at once (the hardware profile's <see cref="HardwareProfile.MaxTorrentPeers"/>),
/// and per torrent. A connection is admitted only when both its torrent and the box have room; each admission is
/// released exactly once when the connection closes. Thread-safe.
/// </summary>
public sealed class ConnectionBudget
{
    private readonly Lock _gate = new();
    private int _max;

    /// <param name="maxConnections">Connections across all torrents.</param>
    public ConnectionBudget(int maxConnections)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxConnections);
        _max = maxConnections;
    }

    /// <summary>A budget sized by the box's hardware profile.</summary>
    public static ConnectionBudget FromProfile(HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new ConnectionBudget(profile.MaxTorrentPeers);
    }

    /// <summary>Connections across all torrents; lowering it closes nothing, it only refuses new ones until under.</summary>
    public int Max
    {
        get
        {
            lock (_gate)
            {
                return _max;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_gate)
            {
                _max = value;
            }
        }
    }

    /// <summary>Connections admitted and not yet released.</summary>
    public int InUse { get; private set; }

    /// <summary>A torrent's quota of at most <paramref name="maxConnections"/> of the budget.</summary>
    public TorrentConnections ForTorrent(int maxConnections)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxConnections);
        return new TorrentConnections(this, maxConnections);
    }

    internal bool TryAdmit(TorrentConnections torrent)
    {
        lock (_gate)
        {
            if (InUse >= _max || torrent.InUseUnlocked >= torrent.MaxUnlocked)
            {
                return false;
            }

            InUse++;
            torrent.InUseUnlocked++;
            return true;
        }
    }

    internal void Release(TorrentConnections torrent)
    {
        lock (_gate)
        {
            if (torrent.InUseUnlocked == 0)
            {
                throw new InvalidOperationException("More connections released than were admitted.");
            }

            torrent.InUseUnlocked--;
            InUse--;
        }
    }

    internal T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    internal void Write(Action write)
    {
        lock (_gate)
        {
            write();
        }
    }
}
