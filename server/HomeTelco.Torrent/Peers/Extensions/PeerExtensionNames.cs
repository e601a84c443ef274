namespace HomeTelco.Torrent.Peers.Extensions;

/// <summary>The BEP 10 extensions we speak, and the message ids we ask peers to use when sending them to us.</summary>
internal static class PeerExtensionNames
{
    /// <summary>BEP 9 metadata exchange.</summary>
    public const string UtMetadata = "ut_metadata";

    /// <summary>BEP 11 peer exchange.</summary>
    public const string UtPex = "ut_pex";

    /// <summary>Our id for incoming ut_pex (the same as libtorrent's, which helps nothing but reading traces).</summary>
    public const byte UtPexId = 1;

    /// <summary>Our id for incoming ut_metadata.</summary>
    public const byte UtMetadataId = 2;

    /// <summary>Client name in "v".</summary>
    public const string Client = "HomeTelco 0.1";
}
