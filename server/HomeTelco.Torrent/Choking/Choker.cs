namespace HomeTelco.Torrent.Choking;

/// <summary>
/// BEP 3 choking for one torrent. Every <see cref="ChokerOptions.Interval"/> the engine calls <see cref="Recalculate"/>:
/// the interested peers that give us the most (downloading) or take the most from us (seeding; or in turns) get the
/// regular slots, snubbing peers excepted; one more interested peer holds the optimistic slot, drawn at random every
/// <see cref="ChokerOptions.OptimisticInterval"/> with new peers weighted up so they can get their first pieces.
/// Deterministic for a given <see cref="Random"/>; not thread-safe: the torrent's loop owns it.
/// </summary>
internal sealed class Choker
{
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ChokerOptions _options;
    private readonly List<ChokePeer> _ranked = [];
    private ChokePeer? _optimistic;
    private long _optimisticSince;

    public Choker(TimeProvider time, Random random, ChokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        _time = time;
        _random = random;
        _options = options ?? ChokerOptions.Default;
        if (_options.RegularSlots < 0 || _options.NewPeerWeight < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Slots must not be negative and the new-peer weight at least 1.");
        }
    }

    /// <summary>The peer holding the optimistic slot, if any.</summary>
    public ChokePeer? Optimistic => _optimistic;

    /// <summary>A newly connected peer, choked.</summary>
    public ChokePeer AddPeer() => new(_time.GetTimestamp());

    /// <summary>A piece arrived from the peer: it is not snubbing us.</summary>
    public void PieceReceived(ChokePeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        peer.LastPieceAt = _time.GetTimestamp();
    }

    /// <summary>True when we want the peer's data and it sent no piece for <see cref="ChokerOptions.SnubTime"/>.</summary>
    public bool IsSnubbing(ChokePeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return peer.AmInterested && _time.GetElapsedTime(peer.LastPieceAt ?? peer.ConnectedAt) >= _options.SnubTime;
    }

    /// <summary>
    /// Decides who is unchoked among <paramref name="peers"/> (the torrent's connected peers). <paramref name="seeding"/>:
    /// we have everything, so rank by what peers take from us rather than what they give.
    /// </summary>
    public void Recalculate(IReadOnlyList<ChokePeer> peers, bool seeding)
    {
        ArgumentNullException.ThrowIfNull(peers);
        var now = _time.GetTimestamp();
        foreach (var peer in peers)
        {
            peer.Selected = false;
        }

        SelectRegular(peers, seeding, now);
        SelectOptimistic(peers, now);

        foreach (var peer in peers)
        {
            var unchoke = peer.Selected || ReferenceEquals(peer, _optimistic);
            peer.Changed = unchoke != peer.IsUnchoked;
            if (unchoke && peer.Changed)
            {
                peer.UnchokedAt = now;
            }

            peer.IsUnchoked = unchoke;
            peer.IsOptimistic = ReferenceEquals(peer, _optimistic);
        }
    }

    private void SelectRegular(IReadOnlyList<ChokePeer> peers, bool seeding, long now)
    {
        _ranked.Clear();
        foreach (var peer in peers)
        {
            // A snubbing peer gives nothing back for our upload; it can still win the optimistic slot.
            if (peer.IsInterested && (seeding || !IsSnubbing(peer)))
            {
                _ranked.Add(peer);
            }
        }

        if (!seeding)
        {
            _ranked.Sort((a, b) => b.DownloadRate != a.DownloadRate ? b.DownloadRate.CompareTo(a.DownloadRate) : b.UploadRate.CompareTo(a.UploadRate));
        }
        else if (_options.Seeding == SeedingChoke.FastestUpload)
        {
            _ranked.Sort((a, b) => b.UploadRate.CompareTo(a.UploadRate));
        }
        else
        {
            _ranked.Sort((a, b) => TurnOrder(a, now).CompareTo(TurnOrder(b, now)));
        }

        for (var i = 0; i < _ranked.Count && i < _options.RegularSlots; i++)
        {
            _ranked[i].Selected = true;
        }
    }

    /// <summary>Round robin: peers within their turn keep it; then whoever has waited longest since its last unchoke.</summary>
    private long TurnOrder(ChokePeer peer, long now)
    {
        if (peer.IsUnchoked && !peer.IsOptimistic && peer.UnchokedAt is { } since && _time.GetElapsedTime(since, now) < _options.RoundRobinTurn)
        {
            return long.MinValue;
        }

        // Never unchoked counts as waiting since it connected; a peer whose turn just ended goes to the back.
        return peer.IsUnchoked ? long.MaxValue : peer.UnchokedAt ?? peer.ConnectedAt;
    }

    private void SelectOptimistic(IReadOnlyList<ChokePeer> peers, long now)
    {
        var keep = _optimistic is { } current
            && Contains(peers, current)
            && current.IsInterested
            && !current.Selected
            && _time.GetElapsedTime(_optimisticSince, now) < _options.OptimisticInterval;
        if (keep)
        {
            return;
        }

        // Weighted draw in one pass (each candidate replaces the choice with probability weight / total so far).
        ChokePeer? chosen = null;
        var total = 0;
        foreach (var peer in peers)
        {
            if (!peer.IsInterested || peer.Selected)
            {
                continue;
            }

            var weight = _time.GetElapsedTime(peer.ConnectedAt, now) < _options.NewPeerAge ? _options.NewPeerWeight : 1;
            total += weight;
            if (_random.Next(total) < weight)
            {
                chosen = peer;
            }
        }

        _optimistic = chosen;
        _optimisticSince = now;
    }

    private static bool Contains(IReadOnlyList<ChokePeer> peers, ChokePeer peer)
    {
        foreach (var p in peers)
        {
            if (ReferenceEquals(p, peer))
            {
                return true;
            }
        }

        return false;
    }
}
