namespace HomeTelco.Torrent.Peers.Wire;

/// <summary>Message ids of BEP 3, BEP 5 (port), BEP 6 (fast) and BEP 10 (extended); KeepAlive has no id on the wire.</summary>
internal enum PeerMessageId : short
{
    /// <summary>A zero-length message; not an id on the wire.</summary>
    KeepAlive = -1,
    Choke = 0,
    Unchoke = 1,
    Interested = 2,
    NotInterested = 3,
    Have = 4,
    Bitfield = 5,
    Request = 6,
    Piece = 7,
    Cancel = 8,
    Port = 9,
    Suggest = 0x0D,
    HaveAll = 0x0E,
    HaveNone = 0x0F,
    RejectRequest = 0x10,
    AllowedFast = 0x11,
    Extended = 20,
}
