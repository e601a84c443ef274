using System.Net;
using HomeTelco.Core.SipSecurity;

namespace HomeTelco.Host.Configuration;

/// <summary>
/// The host's own settings, read once from the merged configuration (appsettings.json, then
/// <c>HOMETELCO__Section__Key</c> environment variables, then the command line) and validated before
/// anything starts. Engines bind their own sections as they land.
/// </summary>
internal sealed record BoxOptions
{
    public const string DefaultDataDir = "data";

    /// <summary>Where the store and every file the box writes live.</summary>
    public required string DataDir { get; init; }

    /// <summary>Address every listener binds to; null means all interfaces (IPv4 and IPv6).</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>Plain HTTP portal and API port; 0 turns it off.</summary>
    public int HttpPort { get; init; } = 8080;

    /// <summary>HTTPS port with the box's own certificate; 0 turns it off.</summary>
    public int HttpsPort { get; init; } = 8443;

    /// <summary>SIP over UDP and TCP; 0 turns SIP off (every SIP transport).</summary>
    public int SipPort { get; init; } = 5060;

    /// <summary>SIP sources never banned automatically (a LAN, a trunk provider); empty by default.</summary>
    public IReadOnlyList<IpRange> SipAllowlist { get; init; } = [];
    /// <summary>SIP over TLS with the box's own certificate; 0 turns TLS off.</summary>
    public int SipsPort { get; init; } = 5061;

    /// <summary>Seconds between keep-alives to phones behind NAT on UDP; 0 turns them off.</summary>
    public int SipKeepAliveSeconds { get; init; } = 30;

    /// <summary>Digest algorithms offered in SIP challenges, in order ("MD5", "SHA-256"); MD5 alone by default.</summary>
    public IReadOnlyList<string> SipDigestAlgorithms { get; init; } = ["MD5"];

    /// <summary>BitTorrent peer port (TCP, and UDP for the DHT); 0 turns the torrent engine off.</summary>
    public int TorrentPort { get; init; } = 6881;

    /// <summary>Whether the torrent engine joins the DHT.</summary>
    public bool TorrentDht { get; init; } = true;

    /// <summary>Whether the torrent engine announces on and listens to the LAN (BEP 14 local service discovery).</summary>
    public bool TorrentLsd { get; init; } = true;

    /// <summary>Where downloads are written; &lt;data&gt;/downloads by default.</summary>
    public string TorrentDownloadsDir { get; init; } = "";

    /// <summary>Where torrents download until complete, then move to the downloads folder; &lt;data&gt;/incomplete by default.</summary>
    public string TorrentIncompleteDir { get; init; } = "";

    /// <summary>Folder polled for .torrent files; &lt;data&gt;/watch by default.</summary>
    public string TorrentWatchDir { get; init; } = "";

    /// <summary>Box-wide torrent download cap in bytes per second; 0 for none.</summary>
    public long TorrentDownloadLimit { get; init; }

    /// <summary>Box-wide torrent upload cap in bytes per second; 0 for none.</summary>
    public long TorrentUploadLimit { get; init; }

    /// <summary>Peer connection encryption: "prefer", "allow" or "require".</summary>
    public string TorrentEncryption { get; init; } = "prefer";

    /// <summary>A hardware profile name that wins over detection and the portal's choice.</summary>
    public string? Profile { get; init; }

    /// <summary>Folder of the hardware profiles' JSON files.</summary>
    public required string ProfilesDir { get; init; }

    /// <summary>Whether the profile's memory budget is applied as the GC heap hard limit.</summary>
    public bool ApplyMemoryBudget { get; init; } = true;

    /// <summary>Seconds after start at which the resident pages of the box's files are dropped (StartupPages); 0 keeps them.</summary>
    public int ReleaseStartupPagesAfterSeconds { get; init; } = 20;

    /// <summary>
    /// MiB of file pages read back by someone using the portal or the API, above the level the box keeps when nobody
    /// uses it, after which they are released again once the use is over (ActivityPageRelease); 0 never releases again.
    /// </summary>
    public int ReleasePagesAfterGrowthMb { get; init; } = 8;

    /// <summary>Seconds between two readings of the box's file-backed resident size, for ReleasePagesAfterGrowthMb.</summary>
    public int PageCheckSeconds { get; init; } = 60;

    /// <summary>The box's name in the portal and, later, on the LAN (<c>name.local</c>).</summary>
    public string BoxName { get; init; } = "hometelco";

    /// <summary>Largest request body accepted anywhere except uploads that say otherwise, in bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Whether /metrics may be read without signing in (for a Prometheus on the LAN).</summary>
    public bool PublicMetrics { get; init; }
}
