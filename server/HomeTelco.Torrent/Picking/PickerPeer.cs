using HomeTelco.Torrent.Pieces;

namespace HomeTelco.Torrent.Picking;

/// <summary>
/// What the picker knows of one connected peer: the pieces it has, whether it chokes us, its BEP 6 allowed-fast and
/// suggested pieces, and the blocks we have asked of it. Created by <see cref="PiecePicker.AddPeer"/>; the engine sets
/// the measured rate and the peer's reqq, everything else changes through the picker.
/// </summary>
internal sealed class PickerPeer
{
    internal PickerPeer(int pieceCount)
    {
        Has = new Bitfield(pieceCount);
    }

    /// <summary>Pieces the peer announced.</summary>
    public Bitfield Has { get; internal set; }

    /// <summary>True until the peer unchokes us: then only allowed-fast pieces may be requested.</summary>
    public bool IsChokingUs { get; internal set; } = true;

    /// <summary>The peer's BEP 10 "reqq" (how many requests it queues); 250 when it did not say.</summary>
    public int MaxRequests { get; set; } = RequestPipeline.MaxDepth;

    /// <summary>Bytes per second the peer sends us, as the engine measures it; sets the request queue depth.</summary>
    public long DownloadRate { get; set; }

    /// <summary>Blocks asked of this peer and not yet answered, rejected, timed out or cancelled.</summary>
    public IReadOnlyList<BlockRequest> Requests => Outstanding;

    /// <summary>False once the peer was removed; a late call about it is ignored.</summary>
    public bool IsConnected { get; internal set; } = true;

    internal List<BlockRequest> Outstanding { get; } = [];

    internal List<int> AllowedFast { get; } = [];

    internal List<int> Suggested { get; } = [];
}
