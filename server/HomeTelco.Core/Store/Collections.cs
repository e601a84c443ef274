namespace HomeTelco.Core.Store;

/// <summary>Names of the store's collections, in one place so backups and migrations agree.</summary>
public static class Collections
{
    public const string Users = "users";
    public const string ApiTokens = "api_tokens";
    public const string Settings = "settings";

    /// <summary>Phone extensions (numbers, display names, digest HA1s).</summary>
    public const string Extensions = "extensions";

    /// <summary>SIP registrar bindings (location service), so registrations survive a restart.</summary>
    public const string SipBindings = "sip_bindings";

    /// <summary>Sources the SIP defence has banned, automatically or by an admin.</summary>
    public const string SipBans = "sip_bans";

    /// <summary>Call detail records: one per call attempt, the newest generation.</summary>
    public const string Calls = "calls";

    /// <summary>The generation of call records before <see cref="Calls"/>, dropped whole when that one is full.</summary>
    public const string CallsPrevious = "calls_previous";

    /// <summary>The DHT node's id and routing table, so it rejoins quickly after a restart.</summary>
    public const string DhtState = "dht_state";

    /// <summary>BitTorrent fast-resume data: verified pieces, file sizes and times, clean-stop marker; one document per torrent.</summary>
    public const string TorrentResume = "torrent_resume";

    /// <summary>Torrents the engine runs: their .torrent or magnet, folder, settings and totals; one document per torrent.</summary>
    public const string Torrents = "torrents";

    /// <summary>Speed-limit windows of the bandwidth schedule (torrents, prefetch).</summary>
    public const string BandwidthRules = "bandwidth_rules";

    /// <summary>Media library folders (music, video, podcasts, downloads, recordings).</summary>
    public const string MediaLibraries = "media_libraries";

    /// <summary>Media files found in the libraries, with their probe facts and metadata.</summary>
    public const string MediaItems = "media_items";

    /// <summary>Live TV sources (IPTV playlists with their guide, capture devices).</summary>
    public const string LiveSources = "live_sources";

    /// <summary>Playback positions per user and media item, so playing resumes on another device.</summary>
    public const string MediaPositions = "media_positions";
}
