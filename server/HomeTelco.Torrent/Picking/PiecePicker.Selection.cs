namespace HomeTelco.Torrent.Picking;

/// <summary>
/// The selection side of the picker: which piece to work on next for a peer. Window first, then (sequential) the
/// lowest index, or started pieces, random first pieces and rarest first; higher file priority always first.
/// </summary>
internal sealed partial class PiecePicker
{
    private bool IsCandidate(PickerPeer peer, int piece) =>
        (uint)piece < (uint)_layout.PieceCount
        && !_have[piece]
        && _piecePriority[piece] != FilePriority.Skip
        && peer.Has[piece]
        && (!_inProgress.TryGetValue(piece, out var progress) || progress.HasOpenBlockFor(peer));

    /// <summary>The next piece to work on for this peer, or -1 when it has nothing with an open block for us.</summary>
    private int ChoosePiece(PickerPeer peer)
    {
        var windowed = ChooseInWindow(peer);
        if (windowed >= 0)
        {
            return windowed;
        }

        if (Sequential)
        {
            return ChooseSequential(peer);
        }

        var started = ChooseStarted(peer);
        if (started >= 0)
        {
            return started;
        }

        if (_have.Count < _options.RandomFirstPieces)
        {
            foreach (var suggested in peer.Suggested)
            {
                if (IsCandidate(peer, suggested))
                {
                    return suggested;
                }
            }

            return ChooseBest(peer, byRarity: false);
        }

        return ChooseBest(peer, byRarity: true);
    }

    private int ChooseInWindow(PickerPeer peer)
    {
        if (_windowStart < 0)
        {
            return -1;
        }

        var end = Math.Min(_layout.PieceCount, _windowStart + _options.ReadAheadPieces);
        for (var i = _windowStart; i < end; i++)
        {
            if (IsCandidate(peer, i))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Lowest index from the streaming position on, then wrapping round to the pieces before it; high priority first.</summary>
    private int ChooseSequential(PickerPeer peer)
    {
        var start = Math.Max(0, _windowStart);
        var best = -1;
        for (var n = 0; n < _layout.PieceCount; n++)
        {
            var i = (start + n) % _layout.PieceCount;
            if (IsCandidate(peer, i) && (best < 0 || _piecePriority[i] > _piecePriority[best]))
            {
                best = i;
                if (_piecePriority[i] == FilePriority.High)
                {
                    break;
                }
            }
        }

        return best;
    }

    /// <summary>A started piece this peer can help finish (partial pieces tie up disk cache and delay trading): highest priority, then rarest.</summary>
    private int ChooseStarted(PickerPeer peer)
    {
        var best = -1;
        foreach (var piece in _inProgress.Keys)
        {
            if (!IsCandidate(peer, piece))
            {
                continue;
            }

            if (best < 0
                || _piecePriority[piece] > _piecePriority[best]
                || (_piecePriority[piece] == _piecePriority[best]
                    && (_availability[piece] < _availability[best] || (_availability[piece] == _availability[best] && piece < best))))
            {
                best = piece;
            }
        }

        return best;
    }

    /// <summary>
    /// Highest priority first; among those the fewest holders (or any, when not by rarity), with a uniform random
    /// choice among equals (reservoir sampling, so no list is built).
    /// </summary>
    private int ChooseBest(PickerPeer peer, bool byRarity)
    {
        var best = -1;
        var ties = 0;
        for (var i = peer.Has.NextSet(0); i >= 0; i = peer.Has.NextSet(i + 1))
        {
            if (!IsCandidate(peer, i))
            {
                continue;
            }

            var order = best < 0 ? -1 : Compare(i, best, byRarity);
            if (order < 0)
            {
                best = i;
                ties = 1;
            }
            else if (order == 0 && _random.Next(++ties) == 0)
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Negative when piece <paramref name="a"/> should come before <paramref name="b"/>.</summary>
    private int Compare(int a, int b, bool byRarity)
    {
        var priority = _piecePriority[b].CompareTo(_piecePriority[a]);
        if (priority != 0 || !byRarity)
        {
            return priority;
        }

        return _availability[a].CompareTo(_availability[b]);
    }
}
