namespace HomeTelco.Torrent.Limits;

/// <summary>One torrent's share of the <see cref="ConnectionBudget"/>. Thread-safe (the budget's lock guards it).</summary>
public sealed class TorrentConnections
{
    private readonly ConnectionBudget _budget;

    internal TorrentConnections(ConnectionBudget budget, int max)
    {
        _budget = budget;
        MaxUnlocked = max;
    }

    /// <summary>Most connections for this torrent.</summary>
    public int Max
    {
        get => _budget.Read(() => MaxUnlocked);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _budget.Write(() => MaxUnlocked = value);
        }
    }

    /// <summary>Connections of this torrent admitted and not released.</summary>
    public int InUse => _budget.Read(() => InUseUnlocked);

    internal int MaxUnlocked { get; set; }

    internal int InUseUnlocked { get; set; }

    /// <summary>
    /// True when a new connection (incoming or outgoing) may open: both the torrent and the box have room. Call
    /// <see cref="Release"/> when that connection closes, once.
    /// </summary>
    public bool TryAdmit() => _budget.TryAdmit(this);

    /// <summary>An admitted connection closed.</summary>
    public void Release() => _budget.Release(this);
}
