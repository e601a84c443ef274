namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>A peer failed the BitTorrent or MSE handshake; the message says how, for the log.</summary>
public sealed class PeerHandshakeException : Exception
{
    public PeerHandshakeException()
    {
    }

    public PeerHandshakeException(string message)
        : base(message)
    {
    }

    public PeerHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
