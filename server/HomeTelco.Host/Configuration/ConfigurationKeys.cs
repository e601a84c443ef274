namespace HomeTelco.Host.Configuration;

/// <summary>Configuration keys and the command-line switches that set them.</summary>
internal static class ConfigurationKeys
{
    public const string DataDir = "DataDir";
    public const string ListenAddress = "Listen:Address";
    public const string HttpPort = "Ports:Http";
    public const string HttpsPort = "Ports:Https";
    public const string SipPort = "Ports:Sip";
    public const string SipAllowlist = "Sip:Allowlist";
    public const string SipsPort = "Ports:Sips";
    public const string SipKeepAliveSeconds = "Sip:KeepAliveSeconds";
    public const string SipDigestAlgorithms = "Sip:DigestAlgorithms";
    public const string TorrentPort = "Ports:Torrent";
    public const string TorrentDht = "Torrent:Dht";
    public const string TorrentLsd = "Torrent:Lsd";
    public const string TorrentDownloadsDir = "Torrent:DownloadsDir";
    public const string TorrentWatchDir = "Torrent:WatchDir";
    public const string TorrentIncompleteDir = "Torrent:IncompleteDir";
    public const string TorrentDownloadLimit = "Torrent:DownloadLimit";
    public const string TorrentUploadLimit = "Torrent:UploadLimit";
    public const string TorrentEncryption = "Torrent:Encryption";
    public const string Profile = "Profile";
    public const string ProfilesDir = "Profiles:Directory";
    public const string ApplyMemoryBudget = "Memory:ApplyBudget";
    public const string ReleaseStartupPagesAfterSeconds = "Memory:ReleaseStartupPagesAfterSeconds";
    public const string ReleasePagesAfterGrowthMb = "Memory:ReleasePagesAfterGrowthMb";
    public const string PageCheckSeconds = "Memory:PageCheckSeconds";
    public const string BoxName = "BoxName";
    public const string MaxRequestBodyBytes = "Limits:MaxRequestBodyBytes";
    public const string PublicMetrics = "Metrics:Public";

    /// <summary>Environment variables that configure the box start with this prefix (then Section__Key).</summary>
    public const string EnvironmentPrefix = "HOMETELCO__";

    /// <summary><c>--switch</c> to configuration key. Later engines add their <c>--&lt;name&gt;-port</c> here.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--data"] = DataDir,
        ["--listen"] = ListenAddress,
        ["--http-port"] = HttpPort,
        ["--https-port"] = HttpsPort,
        ["--sip-port"] = SipPort,
        ["--sip-allowlist"] = SipAllowlist,
        ["--sips-port"] = SipsPort,
        ["--torrent-port"] = TorrentPort,
        ["--profile"] = Profile,
        ["--profiles"] = ProfilesDir,
        ["--name"] = BoxName,
    };
}
