using HomeTelco.Torrent.Peers.Wire;

namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>What the listener asks the engine about inbound peers. Called from handshake tasks; must be thread-safe and quick.</summary>
internal interface IPeerAcceptor
{
    /// <summary>The info-hashes we serve now (MSE peers name theirs only by a hash of it).</summary>
    IReadOnlyCollection<InfoHash> Torrents { get; }

    /// <summary>Our handshake for the torrent the peer asked for, or null to refuse it (unknown torrent, too many peers).</summary>
    PeerHandshake? Answer(PeerHandshake theirs);

    /// <summary>A peer finished the handshake; the engine now owns the link.</summary>
    void Accepted(PeerLink link);
}
