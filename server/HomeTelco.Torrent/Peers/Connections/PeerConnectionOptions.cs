using HomeTelco.Torrent.Peers.Encryption;

namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>Timers and bounds of one peer connection; the defaults are what mainstream clients use.</summary>
internal sealed record PeerConnectionOptions
{
    /// <summary>Default options.</summary>
    public static PeerConnectionOptions Default { get; } = new();

    /// <summary>TCP connect bound for outbound peers.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound for the handshake (and MSE exchange) after the TCP connection is up.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A keep-alive goes out when nothing else was sent for this long (BEP 3: about two minutes).</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The peer is dropped when nothing at all arrived for this long.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How often the keep-alive and idle checks run.</summary>
    public TimeSpan HousekeepingInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Messages waiting for the writer; a full queue refuses more (the engine backs off).</summary>
    public int SendQueueLength { get; init; } = 512;

    /// <summary>Message stream encryption policy.</summary>
    public EncryptionMode Encryption { get; init; } = EncryptionMode.Prefer;
}
