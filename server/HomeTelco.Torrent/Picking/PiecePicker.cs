using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Picking;

/// <summary>
/// Decides which blocks of one torrent to ask of which peer. It keeps how many peers have each piece (availability),
/// the pieces we have, the priority of each piece from its files, and the request state of every block of the pieces
/// in progress. Order of choice: the streaming window first, then pieces already started, then (sequential mode)
/// the lowest index or (normal mode) random pieces until we hold a few and rarest first after that, always higher
/// file priority before lower; when every missing block is requested, endgame asks a second peer for them.
/// Pure and deterministic (time from <see cref="TimeProvider"/>, ties broken by the given <see cref="Random"/>);
/// not thread-safe: the torrent's loop owns it.
/// </summary>
internal sealed partial class PiecePicker
{
    private readonly TorrentLayout _layout;
    private readonly Bitfield _have;
    private readonly TimeProvider _time;
    private readonly PickerOptions _options;
    private readonly Random _random;
    private readonly int[] _availability;
    private readonly FilePriority[] _piecePriority;
    private readonly FilePriority[] _filePriority;
    private readonly Dictionary<int, PieceProgress> _inProgress = [];
    private int _windowStart = -1;
    private int _wantedMissing;

    /// <param name="layout">The torrent's pieces and files.</param>
    /// <param name="have">Pieces already verified (from resume data); the picker sets more as pieces pass their hash.</param>
    /// <param name="time">Clock for request timeouts.</param>
    /// <param name="random">Source of tie-breaks; seeded in tests.</param>
    /// <param name="options">Tuning; <see cref="PickerOptions.Default"/> when null.</param>
    public PiecePicker(TorrentLayout layout, Bitfield have, TimeProvider time, Random random, PickerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(have);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        if (have.Length != layout.PieceCount)
        {
            throw new ArgumentException($"The bitfield has {have.Length} pieces, the torrent {layout.PieceCount}.", nameof(have));
        }

        _layout = layout;
        _have = have;
        _time = time;
        _random = random;
        _options = options ?? PickerOptions.Default;
        _availability = new int[layout.PieceCount];
        _piecePriority = new FilePriority[layout.PieceCount];
        _filePriority = new FilePriority[layout.Files.Count];
        Array.Fill(_filePriority, FilePriority.Normal);
        RecomputePiecePriorities();
    }

    /// <summary>Pieces we have (verified).</summary>
    public Bitfield Have => _have;

    /// <summary>In order from the streaming position instead of rarest first (for playing while downloading).</summary>
    public bool Sequential { get; set; }

    /// <summary>True when every piece of a wanted file is here.</summary>
    public bool IsFinished => _wantedMissing == 0;

    /// <summary>How many connected peers announced piece <paramref name="piece"/>.</summary>
    public int Availability(int piece) => _availability[piece];

    /// <summary>The priority piece <paramref name="piece"/> took from its files.</summary>
    public FilePriority PiecePriority(int piece) => _piecePriority[piece];

    /// <summary>A newly connected peer, with nothing announced yet and choking us.</summary>
    public PickerPeer AddPeer() => new(_layout.PieceCount);

    /// <summary>A peer went away: its pieces no longer count and its requests go back to the pool.</summary>
    public void RemovePeer(PickerPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!peer.IsConnected)
        {
            return;
        }

        ForgetAvailability(peer);
        ReleaseAll(peer);
        peer.IsConnected = false;
    }

    /// <summary>A BEP 3 have message; false when the index is out of range (the engine drops such a peer).</summary>
    public bool PeerHave(PickerPeer peer, int piece)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if ((uint)piece >= (uint)_layout.PieceCount)
        {
            return false;
        }

        if (peer.IsConnected && peer.Has.Set(piece))
        {
            _availability[piece]++;
        }

        return true;
    }

    /// <summary>A BEP 3 bitfield message, already read with <see cref="Bitfield.TryRead"/>; false when it is for another piece count.</summary>
    public bool PeerBitfield(PickerPeer peer, Bitfield bitfield)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(bitfield);
        if (bitfield.Length != _layout.PieceCount)
        {
            return false;
        }

        if (!peer.IsConnected)
        {
            return true;
        }

        ForgetAvailability(peer);
        peer.Has = new Bitfield(_layout.PieceCount);
        for (var i = bitfield.NextSet(0); i >= 0; i = bitfield.NextSet(i + 1))
        {
            peer.Has.Set(i);
            _availability[i]++;
        }

        return true;
    }

    /// <summary>BEP 6 have-all: a seed.</summary>
    public void PeerHaveAll(PickerPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!peer.IsConnected)
        {
            return;
        }

        for (var i = 0; i < _layout.PieceCount; i++)
        {
            if (peer.Has.Set(i))
            {
                _availability[i]++;
            }
        }
    }

    /// <summary>BEP 6 have-none.</summary>
    public void PeerHaveNone(PickerPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ForgetAvailability(peer);
        peer.Has = new Bitfield(_layout.PieceCount);
    }

    /// <summary>BEP 6 allowed-fast: <paramref name="piece"/> may be requested even while the peer chokes us.</summary>
    public void PeerAllowedFast(PickerPeer peer, int piece)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if ((uint)piece < (uint)_layout.PieceCount && peer.AllowedFast.Count < _options.MaxAllowedFast && !peer.AllowedFast.Contains(piece))
        {
            peer.AllowedFast.Add(piece);
        }
    }

    /// <summary>
    /// BEP 6 suggest-piece. Used lightly: a suggested piece wins only while we pick at random (our first pieces), where
    /// any choice is as good and one the peer has in cache is served faster. Rarest first ignores suggestions.
    /// </summary>
    public void PeerSuggested(PickerPeer peer, int piece)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if ((uint)piece >= (uint)_layout.PieceCount || peer.Suggested.Contains(piece))
        {
            return;
        }

        if (peer.Suggested.Count >= _options.MaxSuggestions)
        {
            peer.Suggested.RemoveAt(0);
        }

        peer.Suggested.Add(piece);
    }

    /// <summary>
    /// The peer choked us. Without the fast extension it dropped our requests (BEP 3), so they go back to the pool;
    /// with it the peer rejects each one it drops and <see cref="RequestRejected"/> handles them.
    /// </summary>
    public void PeerChoked(PickerPeer peer, bool fastExtension)
    {
        ArgumentNullException.ThrowIfNull(peer);
        peer.IsChokingUs = true;
        if (!fastExtension)
        {
            ReleaseAll(peer);
        }
    }

    /// <summary>The peer unchoked us: anything it has may be requested.</summary>
    public void PeerUnchoked(PickerPeer peer)
    {
        CheckOwn(peer);
        peer.IsChokingUs = false;
    }

    /// <summary>True when the peer has a piece we want and lack: we should be interested in it.</summary>
    public bool IsInteresting(PickerPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        for (var i = peer.Has.NextSet(0); i >= 0; i = peer.Has.NextSet(i + 1))
        {
            if (!_have[i] && _piecePriority[i] != FilePriority.Skip)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sets a file's priority; pieces take the highest priority among the non-padding files they touch.</summary>
    public void SetFilePriority(int file, FilePriority priority)
    {
        if ((uint)file >= (uint)_filePriority.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(file), file, $"File index must be below {_filePriority.Length}.");
        }

        _filePriority[file] = priority;
        RecomputePiecePriorities();
    }

    /// <summary>
    /// Where playback reads (a seek target): the <see cref="PickerOptions.ReadAheadPieces"/> pieces from the one
    /// holding <paramref name="byteOffset"/> come before everything else, in order; sequential mode continues from there.
    /// A negative offset clears the window.
    /// </summary>
    public void SetStreamingPosition(long byteOffset)
    {
        _windowStart = byteOffset < 0 || _layout.PieceCount == 0
            ? -1
            : (int)Math.Min(byteOffset / _layout.PieceLength, _layout.PieceCount - 1);
    }

    /// <summary>
    /// The piece's hash was checked. Passed: we have it. Failed: every block goes back to the pool, and the peers
    /// that sent its data are added to <paramref name="contributors"/> so the engine can count the failure against them.
    /// </summary>
    public void PieceVerified(int piece, bool passed, List<PickerPeer>? contributors = null)
    {
        if ((uint)piece >= (uint)_layout.PieceCount)
        {
            throw new ArgumentOutOfRangeException(nameof(piece), piece, $"Piece index must be below {_layout.PieceCount}.");
        }

        _inProgress.Remove(piece, out var progress);
        if (passed)
        {
            if (_have.Set(piece) && _piecePriority[piece] != FilePriority.Skip)
            {
                _wantedMissing--;
            }

            return;
        }

        if (progress is null || contributors is null)
        {
            return;
        }

        foreach (var slot in progress.Blocks)
        {
            if (slot.DeliveredBy is { } peer && !contributors.Contains(peer))
            {
                contributors.Add(peer);
            }
        }
    }

    private void CheckOwn(PickerPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (peer.Has.Length != _layout.PieceCount)
        {
            throw new ArgumentException("The peer belongs to another torrent.", nameof(peer));
        }
    }

    private void ForgetAvailability(PickerPeer peer)
    {
        for (var i = peer.Has.NextSet(0); i >= 0; i = peer.Has.NextSet(i + 1))
        {
            _availability[i]--;
        }
    }

    private void RecomputePiecePriorities()
    {
        Array.Fill(_piecePriority, FilePriority.Skip);
        var pieceLength = (long)_layout.PieceLength;
        for (var f = 0; f < _layout.Files.Count; f++)
        {
            var file = _layout.Files[f];
            var priority = _filePriority[f];
            if (file.IsPadding || file.Length == 0 || priority == FilePriority.Skip)
            {
                continue;
            }

            var first = (int)(file.Offset / pieceLength);
            var last = (int)((file.Offset + file.Length - 1) / pieceLength);
            for (var p = first; p <= last; p++)
            {
                if (priority > _piecePriority[p])
                {
                    _piecePriority[p] = priority;
                }
            }
        }

        _wantedMissing = 0;
        for (var p = 0; p < _piecePriority.Length; p++)
        {
            if (_piecePriority[p] != FilePriority.Skip && !_have[p])
            {
                _wantedMissing++;
            }
        }
    }
}
