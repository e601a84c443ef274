using HomeTelco.Torrent.Peers.Wire;

namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>
/// What the engine hears from one connection. Calls come from the connection's read loop one at a time;
/// they must not block (hand disk work off). State the connection tracks (choke, interest, bitfield,
/// extension ids) is already updated when a message is reported.
/// </summary>
internal interface IPeerConnectionHandler
{
    /// <summary>Any message but piece. A payload is valid only during the call.</summary>
    void OnMessage(PeerConnection connection, in PeerMessage message);

    /// <summary>A block arrived; the handler owns <paramref name="block"/> and must return it.</summary>
    void OnBlock(PeerConnection connection, PeerBlock block);

    /// <summary>The connection is closed, once, with why.</summary>
    void OnClosed(PeerConnection connection, string reason);
}
